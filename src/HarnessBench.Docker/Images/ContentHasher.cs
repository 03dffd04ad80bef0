using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HarnessBench.Docker.Images;

/// <summary>
/// SHA-256 over everything that determines an image: the build context's files (sorted relative
/// paths, normalized modes, bytes), the parent image's hash, and named extra inputs (the rootfs
/// build script). Every field is length-prefixed, so no two different inputs share a byte stream.
/// </summary>
internal static class ContentHasher
{
    // Bump when the hashing scheme or the way images are built changes in a way the inputs do not show.
    private const string SchemeVersion = "hbench-image-hash/v1";

    /// <returns>Lower-case hex, 64 characters.</returns>
    public static string Compute(
        BuildContext context,
        string? parentHash,
        IReadOnlyDictionary<string, ReadOnlyMemory<byte>>? extraInputs = null)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendText(hash, SchemeVersion);
        foreach (var file in context.Files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            AppendText(hash, "file");
            AppendText(hash, file.Path);
            AppendText(hash, Convert.ToString((int)file.Mode, 8));
            AppendBytes(hash, file.Content.Span);
        }

        AppendText(hash, "parent");
        AppendText(hash, parentHash ?? "");
        foreach (var (name, bytes) in (extraInputs ?? new Dictionary<string, ReadOnlyMemory<byte>>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            AppendText(hash, "input");
            AppendText(hash, name);
            AppendBytes(hash, bytes.Span);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void AppendText(IncrementalHash hash, string text) => AppendBytes(hash, Encoding.UTF8.GetBytes(text));

    private static void AppendBytes(IncrementalHash hash, ReadOnlySpan<byte> bytes)
    {
        hash.AppendData(Encoding.ASCII.GetBytes(bytes.Length.ToString(CultureInfo.InvariantCulture) + ":"));
        hash.AppendData(bytes);
    }
}
