using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using HarnessBench.Docker.Wire;

namespace HarnessBench.Docker;

internal sealed partial class DockerClient
{
    private const int ErrorTailLines = 30;

    /// <summary>
    /// POST /build with a tar context. Reports each output line ("stream") to <paramref name="progress"/>.
    /// Returns the image id. A failing build throws with the engine's error and the last output lines.
    /// </summary>
    public async Task<string> BuildImageAsync(
        Stream tarContext,
        string tag,
        IReadOnlyDictionary<string, string> buildArgs,
        IReadOnlyDictionary<string, string> labels,
        IProgress<string>? progress,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tarContext);
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        string url = Url(
            "build",
            ("t", tag),
            ("rm", "1"),
            ("forcerm", "1"),
            ("buildargs", JsonSerializer.Serialize(Copy(buildArgs), Json.DictionaryStringString)),
            ("labels", JsonSerializer.Serialize(Copy(labels), Json.DictionaryStringString)));
        using HttpResponseMessage response = await SendAsync(HttpMethod.Post, url, TarContent(tarContext), ct);
        await EnsureSuccessAsync(response, $"image build of {tag}", ct);
        ProgressOutcome outcome = await ReadProgressAsync(response, progress, ct);
        if (outcome.Error is not null)
        {
            throw new DockerException(
                $"Image build of {tag} failed: {outcome.Error.Trim()}. Fix the Dockerfile or its inputs, then rerun `{DockerErrors.BuildImagesHint}`. " +
                $"Last output:{Environment.NewLine}{string.Join(Environment.NewLine, outcome.Tail)}");
        }

        return outcome.ImageId ?? await ResolveImageIdAsync(tag, "build", ct);
    }

    /// <summary>POST /images/create?fromSrc=- : imports a rootfs tar as a single-layer image. Returns the image id.</summary>
    /// <param name="changes">Dockerfile instructions applied to the config, e.g. "CMD [\"/bin/bash\"]", "ENV A=b".</param>
    public async Task<string> ImportImageAsync(Stream rootfsTar, string tag, IReadOnlyList<string> changes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rootfsTar);
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        ArgumentNullException.ThrowIfNull(changes);
        (string repository, string? tagPart) = SplitReference(tag);
        var query = new List<(string, string?)> { ("fromSrc", "-"), ("repo", repository), ("tag", tagPart) };
        query.AddRange(changes.Select(c => ("changes", (string?)c)));
        using HttpResponseMessage response = await SendAsync(HttpMethod.Post, Url("images/create", [.. query]), TarContent(rootfsTar), ct);
        await EnsureSuccessAsync(response, $"image import of {tag}", ct);
        ProgressOutcome outcome = await ReadProgressAsync(response, progress: null, ct);
        if (outcome.Error is not null)
        {
            throw new DockerException($"Image import of {tag} failed: {outcome.Error.Trim()}. Check that the input is a valid (uncompressed or gzip) tar of a root filesystem.");
        }

        return outcome.ImageId ?? await ResolveImageIdAsync(tag, "import", ct);
    }

    /// <summary>GET /images/{name}/json; null when the image does not exist.</summary>
    public async Task<ImageInfo?> InspectImageAsync(string reference, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        using HttpResponseMessage response = await SendAsync(HttpMethod.Get, $"images/{Segment(reference)}/json", null, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, $"image inspect of {reference}", ct);
        ImageInspectBody body = await ReadJsonAsync(response, Json.ImageInspectBody, ct);
        return new ImageInfo(
            body.Id ?? "",
            body.RepoTags ?? [],
            body.Size,
            ParseTime(body.Created) ?? DateTimeOffset.UnixEpoch,
            body.Config?.Labels ?? []);
    }

    /// <summary>GET /images/json, optionally filtered by reference (e.g. "hbench/*" or "hbench/base:abc").</summary>
    public async Task<IReadOnlyList<ImageInfo>> ListImagesAsync(string? reference, CancellationToken ct)
    {
        using HttpResponseMessage response = await SendAsync(HttpMethod.Get, Url("images/json", ("filters", LabelFilter(null, reference))), null, ct);
        await EnsureSuccessAsync(response, "image list", ct);
        List<ImageSummaryBody> body = await ReadJsonAsync(response, Json.ListImageSummaryBody, ct);
        return body
            .Select(i => new ImageInfo(i.Id ?? "", i.RepoTags ?? [], i.Size, DateTimeOffset.FromUnixTimeSeconds(i.Created), i.Labels ?? []))
            .ToList();
    }

    /// <summary>DELETE /images/{name}. A missing image is not an error.</summary>
    public async Task RemoveImageAsync(string reference, bool force, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        using HttpResponseMessage response = await SendAsync(
            HttpMethod.Delete, Url($"images/{Segment(reference)}", ("force", force ? "1" : "0")), null, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return;
        }

        await EnsureSuccessAsync(response, $"image removal of {reference}", ct);
    }

    internal static (string Repository, string? Tag) SplitReference(string reference)
    {
        int slash = reference.LastIndexOf('/');
        int colon = reference.LastIndexOf(':');
        return colon > slash ? (reference[..colon], reference[(colon + 1)..]) : (reference, null);
    }

    private static StreamContent TarContent(Stream tar)
    {
        var content = new StreamContent(tar);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        return content;
    }

    private async Task<string> ResolveImageIdAsync(string tag, string operation, CancellationToken ct)
    {
        ImageInfo? image = await InspectImageAsync(tag, ct);
        return image?.Id ?? throw new DockerException($"Image {operation} of {tag} reported success but the image does not exist. Check the engine's log.");
    }

    private sealed record ProgressOutcome(string? ImageId, string? Error, IReadOnlyCollection<string> Tail);

    /// <summary>Reads the engine's newline-delimited JSON progress messages.</summary>
    private static async Task<ProgressOutcome> ReadProgressAsync(HttpResponseMessage response, IProgress<string>? progress, CancellationToken ct)
    {
        await using Stream stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream);
        var tail = new Queue<string>();
        string? imageId = null;
        string? error = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonMessage? message;
            try
            {
                message = JsonSerializer.Deserialize(line, Json.JsonMessage);
            }
            catch (JsonException)
            {
                message = new JsonMessage { Stream = line };
            }

            if (message is null)
            {
                continue;
            }

            foreach (string text in (message.Stream ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                string trimmed = text.TrimEnd('\r');
                progress?.Report(trimmed);
                tail.Enqueue(trimmed);
                if (tail.Count > ErrorTailLines)
                {
                    tail.Dequeue();
                }
            }

            if (message.Error is not null || message.ErrorDetail?.Message is not null)
            {
                error = message.ErrorDetail?.Message ?? message.Error;
            }

            if (message.Aux?.ID is { Length: > 0 } auxId)
            {
                imageId = auxId;
            }
            else if (message.Status is { } status && status.StartsWith("sha256:", StringComparison.Ordinal))
            {
                imageId = status.Trim();
            }
        }

        return new ProgressOutcome(imageId, error, tail);
    }
}
