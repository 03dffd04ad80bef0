using System.Buffers;
using System.Text;

namespace HarnessBench.Core.Audit;

/// <summary>
/// Finds a cell's canary in text, UTF-8 bytes or a stream, in the forms an agent could turn it
/// into without meaning to hide it: plain, base64 (standard and URL-safe, at each of the three
/// byte alignments, so a canary inside a larger base64'd file is found too) and hex (lower and
/// upper case). Every form is a fixed needle searched with vectorized span search; there is no
/// regex and no per-byte work in managed code, so logs of hundreds of megabytes scan in a second.
/// </summary>
public sealed class CanaryMatcher
{
    /// <summary>Size of the chunks <see cref="Find(Stream)"/> reads.</summary>
    internal const int ChunkBytes = 1 << 20;

    private readonly (string Form, string Needle)[] needles;
    private readonly (string Form, byte[] Needle)[] byteNeedles;
    private readonly SearchValues<string> charSearch;
    private readonly int longest;

    /// <summary>Creates a matcher for <paramref name="canary"/> (at least 8 characters, so that its encodings are specific).</summary>
    /// <exception cref="ArgumentException">The canary is empty, too short, or has line breaks.</exception>
    public CanaryMatcher(string canary)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(canary);
        if (canary.Length < 8 || canary.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException(
                $"The canary '{canary}' is unusable: it must be at least 8 characters on one line, so that its base64 and hex forms cannot match by chance.",
                nameof(canary));
        }
        Canary = canary;
        needles = [.. Forms(canary).Distinct()];
        byteNeedles = [.. needles.Select(n => (n.Form, Encoding.UTF8.GetBytes(n.Needle)))];
        charSearch = SearchValues.Create([.. needles.Select(n => n.Needle).Distinct()], StringComparison.Ordinal);
        longest = byteNeedles.Max(n => n.Needle.Length);
    }

    /// <summary>The canary this matcher looks for.</summary>
    public string Canary { get; }

    /// <summary>Every (form, needle) pair searched, for diagnostics and tests.</summary>
    public IReadOnlyList<(string Form, string Needle)> Needles => needles;

    /// <summary>Returns the form found ("plain", "base64", "base64url", "hex") or null.</summary>
    public string? Find(ReadOnlySpan<char> text)
    {
        var at = text.IndexOfAny(charSearch);
        if (at < 0)
        {
            return null;
        }
        var rest = text[at..];
        foreach (var (form, needle) in needles)
        {
            if (rest.StartsWith(needle, StringComparison.Ordinal))
            {
                return form;
            }
        }
        return null;
    }

    /// <summary>Returns the form found in UTF-8 bytes, or null.</summary>
    public string? Find(ReadOnlySpan<byte> utf8)
    {
        // Windows of one chunk (overlapping by a needle), so that the passes below re-read data
        // from the CPU cache rather than from memory.
        var overlap = longest - 1;
        for (var start = 0; start < utf8.Length; start += ChunkBytes)
        {
            var window = utf8[start..Math.Min(utf8.Length, start + ChunkBytes + overlap)];
            if (FindInWindow(window) is { } form)
            {
                return form;
            }
        }
        return null;
    }

    private string? FindInWindow(ReadOnlySpan<byte> window)
    {
        // One vectorized IndexOf per needle: each pass runs at memory speed because the needles
        // are specific (at least 8 bytes); a handful of passes beat a general multi-pattern search.
        foreach (var (form, needle) in byteNeedles)
        {
            if (window.IndexOf(needle) >= 0)
            {
                return form;
            }
        }
        return null;
    }

    /// <summary>
    /// Scans a stream (a file, a gzip stream) chunk by chunk. Each chunk is searched together with
    /// the last <c>longest needle - 1</c> bytes of the previous one, so a match across a chunk
    /// boundary is found, and memory stays at one chunk whatever the stream's size.
    /// </summary>
    public string? Find(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var overlap = longest - 1;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes + overlap);
        try
        {
            var carried = 0;
            while (true)
            {
                var read = stream.ReadAtLeast(buffer.AsSpan(carried, ChunkBytes), ChunkBytes, throwOnEndOfStream: false);
                if (read == 0)
                {
                    return null;
                }
                var filled = carried + read;
                if (FindInWindow(buffer.AsSpan(0, filled)) is { } form)
                {
                    return form;
                }
                carried = Math.Min(overlap, filled);
                buffer.AsSpan(filled - carried, carried).CopyTo(buffer);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IEnumerable<(string Form, string Needle)> Forms(string canary)
    {
        var bytes = Encoding.UTF8.GetBytes(canary);
        yield return ("plain", canary);
        foreach (var base64 in Base64Alignments(bytes))
        {
            yield return ("base64", base64);
            var url = base64.Replace('+', '-').Replace('/', '_');
            if (url != base64)
            {
                yield return ("base64url", url);
            }
        }
        var hex = Convert.ToHexString(bytes);
        yield return ("hex", hex.ToLowerInvariant());
        yield return ("hex", hex);
    }

    /// <summary>
    /// The base64 characters that depend only on the canary's bytes when the canary starts at byte
    /// offset 0, 1 or 2 (mod 3) of the encoded data: characters that mix in neighbouring bytes are
    /// cut at both ends.
    /// </summary>
    internal static IEnumerable<string> Base64Alignments(byte[] bytes)
    {
        for (var lead = 0; lead < 3; lead++)
        {
            var padded = new byte[lead + bytes.Length];
            bytes.CopyTo(padded, lead);
            var encoded = Convert.ToBase64String(padded);
            // Characters covering only lead bytes or mixing lead and canary bits come first.
            var start = lead switch { 0 => 0, 1 => 2, _ => 3 };
            // Characters whose 6 bits lie entirely within the data; a last partial one mixes in the next byte.
            var end = padded.Length * 8 / 6;
            yield return encoded[start..end];
        }
    }
}
