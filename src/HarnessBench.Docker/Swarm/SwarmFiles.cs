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
    /// <summary>
    /// Copies a host directory to its container path. Like the local runtime, the archive is put at the
    /// deepest existing ancestor and carries entries for the missing directories and the target itself,
    /// so all of them belong to the copy's owner.
    /// </summary>
    public static async Task CopyInAsync(IDockerClient engine, string id, DirectoryCopyIn copy, CancellationToken ct)
    {
        string target = ContainerPath(copy.ContainerPath);
        (int uid, int gid) = Owner(copy.Owner);
        var components = new Stack<string>();
        components.Push(UnixName(target));
        string anchor = UnixParent(target);
        while (anchor != "/" && await StatAsync(engine, id, anchor, ct) is null)
        {
            components.Push(UnixName(anchor));
            anchor = UnixParent(anchor);
        }

        var pack = new TarPackOptions(uid, gid) { Prefix = string.Join('/', components), ReadOnly = copy.ReadOnly, Private = copy.Private };
        await PutAsync(engine, id, anchor, (stream, token) => TarPacker.PackDirectoryAsync(copy.HostDirectory, stream, pack, token), ct);
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
        string source = ContainerPath(copy.ContainerPath);
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

    private static string ContainerPath(string path)
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

    private static (int Uid, int Gid) Owner(string owner)
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
