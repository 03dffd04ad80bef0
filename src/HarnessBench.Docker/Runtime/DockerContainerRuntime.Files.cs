using System.Globalization;
using System.Text;
using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Archives;
using HarnessBench.Docker.Logs;

namespace HarnessBench.Docker.Runtime;

internal sealed partial class DockerContainerRuntime
{
    /// <summary>Copies host directories to their container paths in one archive (see <see cref="CopyInArchive"/>).</summary>
    private async Task CopyInAsync(string id, IReadOnlyList<DirectoryCopyIn> copies, CancellationToken ct)
    {
        if (copies.Count == 0) return;
        IReadOnlyList<TarPackItem> items = await CopyInArchive.PlanAsync(copies, async (path, token) => await client.StatPathAsync(id, path, token) is not null, ct);
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
}
