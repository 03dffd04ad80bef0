using System.Text.Json;
using Docker.DotNet.Models;

namespace HarnessBench.Docker;

internal sealed partial class DockerClient
{
    /// <summary>
    /// Builds an image from a tar context. Reports each output line ("stream") to <paramref name="progress"/>.
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
        var parameters = new ImageBuildParameters
        {
            Tags = [tag],
            Remove = true,
            ForceRemove = true,
            BuildArgs = Copy(buildArgs),
            Labels = Copy(labels),
        };
        var messages = new ProgressMessages(progress);
        await CallAsync(
            $"image build of {tag}",
            (engine, t) => engine.Images.BuildImageFromDockerfileAsync(parameters, tarContext, authConfigs: null, headers: null, messages, t),
            ct);
        if (messages.Error is not null)
        {
            throw new DockerException(
                $"Image build of {tag} failed: {messages.Error.Trim()}. Fix the Dockerfile or its inputs, then rerun `{DockerErrors.BuildImagesHint}`. " +
                $"Last output:{Environment.NewLine}{string.Join(Environment.NewLine, messages.Tail)}");
        }

        return messages.ImageId ?? await ResolveImageIdAsync(tag, "build", ct);
    }

    /// <summary>Imports a rootfs tar as a single-layer image. Returns the image id.</summary>
    /// <param name="changes">Dockerfile instructions applied to the config, e.g. "CMD [\"/bin/bash\"]", "ENV A=b".</param>
    public async Task<string> ImportImageAsync(Stream rootfsTar, string tag, IReadOnlyList<string> changes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rootfsTar);
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        ArgumentNullException.ThrowIfNull(changes);
        (string repository, string? tagPart) = SplitReference(tag);
        var parameters = new ImagesCreateParameters { Repo = repository, Tag = tagPart, Changes = [.. changes] };
        var messages = new ProgressMessages(progress: null);
        await CallAsync(
            $"image import of {tag}", (engine, t) => engine.Images.CreateImageAsync(parameters, rootfsTar, authConfig: null, messages, t), ct);
        if (messages.Error is not null)
        {
            throw new DockerException($"Image import of {tag} failed: {messages.Error.Trim()}. Check that the input is a valid (uncompressed or gzip) tar of a root filesystem.");
        }

        return messages.ImageId ?? await ResolveImageIdAsync(tag, "import", ct);
    }

    /// <summary>Inspects an image; null when it does not exist.</summary>
    public async Task<ImageInfo?> InspectImageAsync(string reference, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        ImageInspectResponse? body = await FindAsync($"image inspect of {reference}", (engine, t) => engine.Images.InspectImageAsync(reference, t), ct);
        return body is null
            ? null
            : new ImageInfo(
                body.ID,
                [.. body.RepoTags ?? []],
                body.Size,
                body.Created is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created.ToUniversalTime(), DateTimeKind.Utc)) : DateTimeOffset.UnixEpoch,
                Copy(body.Config?.Labels));
    }

    /// <summary>Lists top-level images, optionally filtered by reference (e.g. "hbench/*" or "hbench/base:abc").</summary>
    public async Task<IReadOnlyList<ImageInfo>> ListImagesAsync(string? reference, CancellationToken ct)
    {
        var parameters = new ImagesListParameters { Filters = Filters(null, reference) };
        IList<ImagesListResponse> body = await CallAsync("image list", (engine, t) => engine.Images.ListImagesAsync(parameters, t), ct);
        return [.. body.Select(i => new ImageInfo(
            i.ID, [.. i.RepoTags ?? []], i.Size, new DateTimeOffset(DateTime.SpecifyKind(i.Created.ToUniversalTime(), DateTimeKind.Utc)), Copy(i.Labels)))];
    }

    /// <summary>Removes an image or tag. A missing image is not an error.</summary>
    public async Task RemoveImageAsync(string reference, bool force, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        var parameters = new ImageDeleteParameters { Force = force };
        await FindAsync($"image removal of {reference}", (engine, t) => engine.Images.DeleteImageAsync(reference, parameters, t), ct);
    }

    internal static (string Repository, string? Tag) SplitReference(string reference)
    {
        int slash = reference.LastIndexOf('/');
        int colon = reference.LastIndexOf(':');
        return colon > slash ? (reference[..colon], reference[(colon + 1)..]) : (reference, null);
    }

    private async Task<string> ResolveImageIdAsync(string tag, string operation, CancellationToken ct)
    {
        ImageInfo? image = await InspectImageAsync(tag, ct);
        return image?.Id ?? throw new DockerException($"Image {operation} of {tag} reported success but the image does not exist. Check the engine's log.");
    }

    /// <summary>
    /// Collects the engine's progress messages (build, import) as they arrive: output lines for
    /// <paramref name="progress"/> and the error tail, the error, the new image's id. Synchronous
    /// (unlike <see cref="Progress{T}"/>) so nothing is reported after the call returns.
    /// </summary>
    private sealed class ProgressMessages(IProgress<string>? progress) : IProgress<JSONMessage>
    {
        private const int TailLines = 30;
        private readonly Queue<string> _tail = new();

        public string? ImageId { get; private set; }

        public string? Error { get; private set; }

        public IReadOnlyCollection<string> Tail => _tail;

        public void Report(JSONMessage value)
        {
            foreach (string text in (value.Stream ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                string line = text.TrimEnd('\r');
                progress?.Report(line);
                _tail.Enqueue(line);
                if (_tail.Count > TailLines)
                {
                    _tail.Dequeue();
                }
            }

            if (value.Error?.Message is { } error)
            {
                Error = error;
            }

            // A build names its image in aux {"ID": ...}; an import in a status line.
            if (value.Aux?.ExtensionData?.TryGetValue("ID", out object? id) == true && id is JsonElement { ValueKind: JsonValueKind.String } element
                && element.GetString() is { Length: > 0 } auxId)
            {
                ImageId = auxId;
            }
            else if (value.Status is { } status && status.StartsWith("sha256:", StringComparison.Ordinal))
            {
                ImageId = status.Trim();
            }
        }
    }
}
