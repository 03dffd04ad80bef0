using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using HarnessBench.Core.Runtime;
using ContainerSpec = HarnessBench.Core.Runtime.ContainerSpec;
using HarnessBench.Docker.Archives;

namespace HarnessBench.Docker.Swarm;

/// <summary>
/// Files and logs of a job's container through the archive and logs endpoints of the engine of the node
/// running it: the same tar rules as the local runtime (links stay links, unsafe entries refused,
/// copy-out limits), on Docker.DotNet.
/// </summary>
internal static class SwarmFiles
{
    /// <summary>Copies host directories to their container paths in one archive, as the local runtime does (see <see cref="CopyInArchive"/>).</summary>
    public static async Task CopyInAsync(IDockerClient engine, string id, IReadOnlyList<DirectoryCopyIn> copies, CancellationToken ct)
    {
        if (copies.Count == 0) return;
        IReadOnlyList<TarPackItem> items = await CopyInArchive.PlanAsync(copies, async (path, token) => await StatAsync(engine, id, path, token) is not null, ct);
        await PutAsync(engine, id, "/", (stream, token) => TarPacker.PackDirectoriesAsync(items, stream, token), ct);
    }

    /// <summary>Puts an archive the writer produces at <paramref name="path"/>, streamed (no temporary file).</summary>
    public static async Task PutAsync(IDockerClient engine, string id, string path, Func<Stream, CancellationToken, Task> write, CancellationToken ct)
    {
        var pipe = new Pipe();
        Task producer = Task.Run(async () =>
        {
            await using Stream sink = pipe.Writer.AsStream();
            try
            {
                await write(sink, ct);
            }
            catch (Exception ex)
            {
                await pipe.Writer.CompleteAsync(ex);
                throw;
            }
        }, ct);
        await using Stream source = pipe.Reader.AsStream();
        await engine.Containers.ExtractArchiveToContainerAsync(id, new CopyToContainerParameters { Path = path }, source, ct);
        await producer;
    }

    /// <summary>Replaces the host directory with the container path's contents; returns what limit stopped it, or null.</summary>
    public static async Task<string?> CopyOutAsync(IDockerClient engine, string id, DirectoryCopyOut copy, CancellationToken ct)
    {
        string host = Path.GetFullPath(copy.HostDirectory);
        if (FileKinds.Of(host) == FileKind.Directory) Directory.Delete(host, recursive: true);
        else if (FileKinds.Of(host) != FileKind.Missing) File.Delete(host);
        Directory.CreateDirectory(host);
        string source = CopyInArchive.ContainerPath(copy.ContainerPath);
        if (await StatAsync(engine, id, source, ct) is not { } stat || ((stat.Mode >> 31) & 1) == 0)
        {
            return null; // nothing to copy (the local runtime logs and leaves it empty too)
        }

        // The engine names entries "<last component>/..."; drop that so the contents land in host.
        var unpack = new TarUnpackOptions { StripComponents = 1, MaxTotalBytes = copy.MaxBytes ?? long.MaxValue, MaxEntries = copy.MaxEntries ?? long.MaxValue };
        try
        {
            var archive = await engine.Containers.GetArchiveFromContainerAsync(id, new ContainerPathStatParameters { Path = source }, statOnly: false, ct);
            await using Stream stream = new ArchiveReadStream(archive.Stream ?? Stream.Null);
            await TarUnpacker.UnpackAsync(stream, host, unpack, ct);
            return null;
        }
        catch (ArchiveLimitException ex)
        {
            return $"{source} holds {ex.Message}";
        }
    }

    /// <summary>Writes the container's stdout and stderr to the spec's files, each capped at <paramref name="maxBytes"/> with a note.</summary>
    public static async Task WriteLogsAsync(IDockerClient engine, string id, ContainerSpec spec, long maxBytes, CancellationToken ct)
    {
        string stdoutPath = Path.GetFullPath(spec.StdoutPath);
        string stderrPath = Path.GetFullPath(spec.StderrPath);
        await using FileStream stdout = Create(stdoutPath);
        bool shared = stdoutPath == stderrPath;
        await using FileStream stderr = shared ? stdout : Create(stderrPath);
        using MultiplexedStream logs = await engine.Containers.GetContainerLogsAsync(id, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, ct);
        var written = new long[2];
        var dropped = new long[2];
        byte[] buffer = new byte[81920];
        while (true)
        {
            var read = await logs.ReadOutputAsync(buffer, 0, buffer.Length, ct);
            if (read.EOF) break;
            int which = read.Target == MultiplexedStream.TargetStream.StandardError ? 1 : 0;
            long room = Math.Max(0, maxBytes - written[which]);
            int take = (int)Math.Min(room, read.Count);
            if (take > 0) await (which == 1 ? stderr : stdout).WriteAsync(buffer.AsMemory(0, take), ct);
            written[which] += take;
            dropped[which] += read.Count - take;
        }

        await NoteAsync(stdout, "stdout", dropped[0], maxBytes, ct);
        await NoteAsync(stderr, "stderr", dropped[1], maxBytes, ct);
    }

    /// <summary>The path's stat, or null when it does not exist.</summary>
    public static async Task<ContainerPathStatResponse?> StatAsync(IDockerClient engine, string id, string path, CancellationToken ct)
    {
        try
        {
            var response = await engine.Containers.GetArchiveFromContainerAsync(id, new ContainerPathStatParameters { Path = path }, statOnly: true, ct);
            return response.Stat;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound && !(ex.ResponseBody ?? "").Contains("No such container", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
    }

    private static async Task NoteAsync(FileStream file, string name, long dropped, long maxBytes, CancellationToken ct)
    {
        if (dropped == 0) return;
        string note = string.Create(CultureInfo.InvariantCulture, $"\n[harnessbench: {name} truncated at {maxBytes} bytes; {dropped} more bytes dropped]\n");
        await file.WriteAsync(Encoding.UTF8.GetBytes(note), ct);
    }

    private static FileStream Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
    }
}
