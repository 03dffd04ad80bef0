using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Archives;
using Microsoft.Extensions.Logging;

namespace HarnessBench.Docker.Runtime;

/// <summary>
/// A container's inputs and outputs, moved by the archive endpoints of the engine that runs it (the
/// local one, or the Swarm node's): the same tar rules for both backends (links stay links, unsafe
/// entries refused, copy-out limits).
/// </summary>
internal static class ContainerFiles
{
    /// <summary>Copies host directories to their container paths in one archive (see <see cref="CopyInArchive"/>).</summary>
    public static async Task CopyInAsync(DockerClient client, string id, IReadOnlyList<DirectoryCopyIn> copies, CancellationToken ct)
    {
        if (copies.Count == 0) return;
        IReadOnlyList<TarPackItem> items = await CopyInArchive.PlanAsync(copies, async (path, token) => await client.StatPathAsync(id, path, token) is not null, ct);
        await client.PutArchiveAsync(id, "/", (stream, token) => TarPacker.PackDirectoriesAsync(items, stream, token), ct);
    }

    /// <summary>
    /// Replaces <see cref="DirectoryCopyOut.HostDirectory"/> with the contents of the container path.
    /// Returns what limit stopped it (nothing past the limit is written), or null.
    /// </summary>
    public static async Task<string?> CopyOutAsync(DockerClient client, string id, DirectoryCopyOut copy, ILogger logger, string cellId, CancellationToken ct)
    {
        string host = Path.GetFullPath(copy.HostDirectory);
        if (FileKinds.Of(host) == FileKind.Directory)
        {
            Directory.Delete(host, recursive: true);
        }
        else if (FileKinds.Of(host) != FileKind.Missing)
        {
            File.Delete(host);
        }

        Directory.CreateDirectory(host);
        string source = CopyInArchive.ContainerPath(copy.ContainerPath);
        if (await client.StatPathAsync(id, source, ct) is not { IsDirectory: true })
        {
            Log.CopyOutMissing(logger, cellId, id, source, host);
            return null;
        }

        // The engine names entries "<last component>/..."; drop that so the contents land in host.
        var unpack = new TarUnpackOptions
        {
            StripComponents = 1,
            MaxTotalBytes = copy.MaxBytes ?? long.MaxValue,
            MaxEntries = copy.MaxEntries ?? long.MaxValue,
        };
        try
        {
            await client.GetArchiveAsync(id, source, (stream, token) => TarUnpacker.UnpackAsync(stream, host, unpack, token), ct);
            return null;
        }
        catch (ArchiveLimitException ex)
        {
            return $"{source} holds {ex.Message}";
        }
    }
}
