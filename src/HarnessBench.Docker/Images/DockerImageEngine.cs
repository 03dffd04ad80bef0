namespace HarnessBench.Docker.Images;

/// <summary><see cref="IImageEngine"/> over the project's Docker Engine API client.</summary>
internal sealed class DockerImageEngine(DockerClient client) : IImageEngine
{
    public async Task<EngineImage?> InspectAsync(string reference, CancellationToken cancellationToken) =>
        await client.InspectImageAsync(reference, cancellationToken) is { } image ? Map(image) : null;

    public async Task<IReadOnlyList<EngineImage>> ListAsync(string? repository, CancellationToken cancellationToken) =>
        [.. (await client.ListImagesAsync(repository, cancellationToken)).Select(Map)];

    public Task<string> BuildAsync(Stream context, string tag, IReadOnlyDictionary<string, string> buildArgs,
        IReadOnlyDictionary<string, string> labels, IProgress<string>? progress, CancellationToken cancellationToken) =>
        client.BuildImageAsync(context, tag, buildArgs, labels, progress, cancellationToken);

    public Task<string> ImportAsync(Stream rootfsTar, string tag, IReadOnlyList<string> changes, CancellationToken cancellationToken) =>
        client.ImportImageAsync(rootfsTar, tag, changes, cancellationToken);

    public Task RemoveAsync(string reference, CancellationToken cancellationToken) =>
        client.RemoveImageAsync(reference, force: false, cancellationToken);

    private static EngineImage Map(ImageInfo image) => new(image.Id, image.RepoTags, image.Size, image.Labels);
}
