using System.Globalization;
using System.Text;
using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Archives;
using HarnessBench.Docker.Logs;

namespace HarnessBench.Docker.Runtime;

internal sealed partial class DockerContainerRuntime
{
    /// <summary>
    /// Copies host directories to their container paths in ONE archive put at "/" (each put mounts
    /// the container's file system in the engine: one request instead of one per directory is most
    /// of the copy cost of a grader's seven inputs). For each target the archive carries entries for
    /// the directories below its deepest existing ancestor and the target itself, so that all of them
    /// are owned by the copy's owner while existing directories keep theirs.
    /// </summary>
    private async Task CopyInAsync(string id, IReadOnlyList<DirectoryCopyIn> copies, CancellationToken ct)
    {
        if (copies.Count == 0) return;
        var exists = new Dictionary<string, bool>(StringComparer.Ordinal);
        var items = new List<TarPackItem>(copies.Count);
        foreach (DirectoryCopyIn copy in copies)
        {
            string[] components = NormalizeContainerPath(copy.ContainerPath).TrimStart('/').Split('/');
            int existing = 0;
            for (int depth = components.Length - 1; depth > 0 && existing == 0; depth--)
            {
                string ancestor = "/" + string.Join('/', components[..depth]);
                if (!exists.TryGetValue(ancestor, out bool found))
                {
                    exists[ancestor] = found = await client.StatPathAsync(id, ancestor, ct) is not null;
                }

                existing = found ? depth : 0;
            }

            (int uid, int gid) = ParseOwner(copy.Owner);
            items.Add(new TarPackItem(copy.HostDirectory, new TarPackOptions(uid, gid)
            {
                Prefix = string.Join('/', components), ExistingComponents = existing, ReadOnly = copy.ReadOnly, Private = copy.Private,
            }));
        }

        await client.PutArchiveAsync(id, "/", (stream, token) => TarPacker.PackDirectoriesAsync(items, stream, token), ct);
    }

    /// <summary>
    /// Replaces <see cref="DirectoryCopyOut.HostDirectory"/> with the contents of the container path.
    /// Returns what limit stopped it (nothing past the limit is written), or null.
    /// </summary>
    private async Task<string?> CopyOutAsync(string id, DirectoryCopyOut copy, string cellId, CancellationToken ct)
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
        string source = NormalizeContainerPath(copy.ContainerPath);
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

    private async Task WriteLogsAsync(string id, ContainerSpec spec, string cellId, CancellationToken ct)
    {
        string stdoutPath = Path.GetFullPath(spec.StdoutPath);
        string stderrPath = Path.GetFullPath(spec.StderrPath);
        await using FileStream stdout = CreateLogFile(stdoutPath);
        bool shared = stdoutPath == stderrPath;
        await using FileStream stderr = shared ? stdout : CreateLogFile(stderrPath);
        OutputCopyResult result = await client.GetLogsAsync(id, stdout, stderr, _options.MaxLogBytes, ct);
        await NoteTruncationAsync(stdout, "stdout", result.StdoutDropped, cellId, id, ct);
        await NoteTruncationAsync(stderr, "stderr", result.StderrDropped, cellId, id, ct);
    }

    private async Task NoteTruncationAsync(FileStream file, string streamName, long dropped, string cellId, string id, CancellationToken ct)
    {
        if (dropped == 0)
        {
            return;
        }

        Log.ContainerLogTruncated(logger, cellId, id, streamName, dropped);
        string note = string.Create(
            CultureInfo.InvariantCulture,
            $"\n[harnessbench: {streamName} truncated at {_options.MaxLogBytes} bytes; {dropped} more bytes dropped]\n");
        await file.WriteAsync(Encoding.UTF8.GetBytes(note), ct);
    }

    private static FileStream CreateLogFile(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
    }

    private static string NormalizeContainerPath(string path)
    {
        string trimmed = path.TrimEnd('/');
        if (!trimmed.StartsWith('/') || trimmed.Split('/').Any(c => c is "." or ".."))
        {
            throw new ArgumentException($"Container path '{path}' must be absolute, without '.' or '..', and not '/'.", nameof(path));
        }

        return trimmed;
    }

    private static string UnixName(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static string UnixParent(string path)
    {
        int slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }

    private static (int Uid, int Gid) ParseOwner(string owner)
    {
        string[] parts = owner.Split(':');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int uid)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int gid))
        {
            return (uid, gid);
        }

        throw new ArgumentException($"Owner '{owner}' must be numeric \"uid:gid\", e.g. \"1000:1000\".", nameof(owner));
    }
}
