using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HarnessBench.Docker.Wire;

namespace HarnessBench.Docker;

internal sealed partial class DockerClient
{
    private const uint GoModeDir = 1u << 31;
    private const uint GoModeSymlink = 1u << 27;

    /// <summary>PUT /containers/{id}/archive: extracts a tar into <paramref name="containerPath"/> (which must exist).</summary>
    public Task PutArchiveAsync(string id, string containerPath, Stream tar, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tar);
        return PutArchiveAsync(id, containerPath, TarContent(tar), ct);
    }

    /// <summary>PUT /containers/{id}/archive, streaming the tar as <paramref name="writeTar"/> produces it (no temporary file).</summary>
    public Task PutArchiveAsync(string id, string containerPath, Func<Stream, CancellationToken, Task> writeTar, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(writeTar);
        var content = new WriterContent(writeTar);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        return PutArchiveAsync(id, containerPath, content, ct);
    }

    /// <summary>
    /// GET /containers/{id}/archive: hands the tar stream of <paramref name="containerPath"/> to <paramref name="readTar"/>.
    /// The engine names entries after the path's last component ("workspace/...").
    /// </summary>
    public async Task GetArchiveAsync(string id, string containerPath, Func<Stream, CancellationToken, Task> readTar, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(readTar);
        using HttpResponseMessage response = await SendAsync(
            HttpMethod.Get, Url($"containers/{Segment(id)}/archive", ("path", containerPath)), null, ct);
        await EnsureSuccessAsync(response, $"archive read of {containerPath} from {id}", ct);
        await using Stream stream = await response.Content.ReadAsStreamAsync(ct);
        await readTar(stream, ct);
    }

    /// <summary>HEAD /containers/{id}/archive: stat of a path inside the container, or null when it does not exist.</summary>
    public async Task<ContainerPathStat?> StatPathAsync(string id, string containerPath, CancellationToken ct)
    {
        using HttpResponseMessage response = await SendAsync(
            HttpMethod.Head, Url($"containers/{Segment(id)}/archive", ("path", containerPath)), null, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, $"path stat of {containerPath} in {id}", ct);
        if (!response.Headers.TryGetValues("X-Docker-Container-Path-Stat", out IEnumerable<string>? values))
        {
            return new ContainerPathStat(Path.GetFileName(containerPath), 0, IsDirectory: false, IsSymlink: false, LinkTarget: null);
        }

        string json = Encoding.UTF8.GetString(Convert.FromBase64String(values.First()));
        PathStatBody stat = JsonSerializer.Deserialize(json, Json.PathStatBody) ?? new PathStatBody();
        return new ContainerPathStat(
            stat.Name ?? "",
            stat.Size,
            (stat.Mode & GoModeDir) != 0,
            (stat.Mode & GoModeSymlink) != 0,
            string.IsNullOrEmpty(stat.LinkTarget) ? null : stat.LinkTarget);
    }

    private async Task PutArchiveAsync(string id, string containerPath, HttpContent content, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(containerPath);
        using HttpResponseMessage response = await SendAsync(
            HttpMethod.Put, Url($"containers/{Segment(id)}/archive", ("path", containerPath)), content, ct);
        await EnsureSuccessAsync(response, $"archive copy into {containerPath} of {id}", ct);
    }

    /// <summary>Request content written by a callback straight onto the connection (chunked).</summary>
    private sealed class WriterContent(Func<Stream, CancellationToken, Task> write) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            write(stream, CancellationToken.None);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            write(stream, cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
