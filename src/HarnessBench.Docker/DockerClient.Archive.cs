using System.IO.Pipelines;
using Docker.DotNet.Models;
using HarnessBench.Docker.Archives;

namespace HarnessBench.Docker;

internal sealed partial class DockerClient
{
    // Go's os.FileMode bits in the engine's path stat.
    private const uint GoModeDir = 1u << 31;
    private const uint GoModeSymlink = 1u << 27;

    /// <summary>Extracts a tar into <paramref name="containerPath"/> (which must exist).</summary>
    public Task PutArchiveAsync(string id, string containerPath, Stream tar, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tar);
        ArgumentException.ThrowIfNullOrWhiteSpace(containerPath);
        var parameters = new CopyToContainerParameters { Path = containerPath };
        return CallAsync(
            $"archive copy into {containerPath} of {id}", (engine, t) => engine.Containers.ExtractArchiveToContainerAsync(id, parameters, tar, t), ct);
    }

    /// <summary>Extracts a tar into <paramref name="containerPath"/>, streamed as <paramref name="writeTar"/> produces it (no temporary file).</summary>
    public async Task PutArchiveAsync(string id, string containerPath, Func<Stream, CancellationToken, Task> writeTar, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(writeTar);
        // Docker.DotNet sends a request body it reads from a stream: a pipe lets the tar be packed
        // while it is sent, in constant memory. A packing failure fails the read, so the request.
        var pipe = new Pipe();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task pack = PackAsync(pipe.Writer, writeTar, stop.Token);
        try
        {
            await using Stream body = pipe.Reader.AsStream();
            await PutArchiveAsync(id, containerPath, body, ct);
        }
        finally
        {
            // When the request ended first (refused, cancelled), the packer must not wait for a reader forever.
            await stop.CancelAsync();
            await pipe.Reader.CompleteAsync();
            await pack.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// Hands the tar stream of <paramref name="containerPath"/> to <paramref name="readTar"/>.
    /// The engine names entries after the path's last component ("workspace/...").
    /// </summary>
    public async Task GetArchiveAsync(string id, string containerPath, Func<Stream, CancellationToken, Task> readTar, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(readTar);
        var parameters = new ContainerPathStatParameters { Path = containerPath };
        ContainerArchiveResponse response = await CallAsync(
            $"archive read of {containerPath} from {id}", (engine, t) => engine.Containers.GetArchiveFromContainerAsync(id, parameters, statOnly: false, t), ct);
        await using Stream stream = new ZeroLengthReadGuard(response.Stream
            ?? throw new DockerException($"Docker engine answered the archive read of {containerPath} from {id} without a body. Check the engine version."));
        await readTar(stream, ct);
    }

    /// <summary>Stat of a path inside the container, or null when it (or the container) does not exist.</summary>
    public async Task<ContainerPathStat?> StatPathAsync(string id, string containerPath, CancellationToken ct)
    {
        var parameters = new ContainerPathStatParameters { Path = containerPath };
        ContainerArchiveResponse? response = await FindAsync(
            $"path stat of {containerPath} in {id}", (engine, t) => engine.Containers.GetArchiveFromContainerAsync(id, parameters, statOnly: true, t), ct);
        if (response?.Stat is not { } stat)
        {
            return null;
        }

        return new ContainerPathStat(
            stat.Name,
            stat.Size,
            (stat.Mode & GoModeDir) != 0,
            (stat.Mode & GoModeSymlink) != 0,
            string.IsNullOrEmpty(stat.LinkTarget) ? null : stat.LinkTarget);
    }

    private static async Task PackAsync(PipeWriter writer, Func<Stream, CancellationToken, Task> writeTar, CancellationToken ct)
    {
        try
        {
            await using (Stream stream = writer.AsStream(leaveOpen: true))
            {
                await writeTar(stream, ct);
            }

            await writer.CompleteAsync();
        }
        catch (Exception ex)
        {
            await writer.CompleteAsync(ex);
            throw;
        }
    }
}
