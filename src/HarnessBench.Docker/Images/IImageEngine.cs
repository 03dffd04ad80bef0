namespace HarnessBench.Docker.Images;

/// <summary>An image as the pipeline needs it.</summary>
/// <param name="Id">Engine image id, "sha256:...".</param>
/// <param name="Tags">"repo:tag" names pointing at it.</param>
/// <param name="SizeBytes">Size with parent layers.</param>
/// <param name="Labels">Image labels (never null).</param>
internal sealed record EngineImage(string Id, IReadOnlyList<string> Tags, long SizeBytes, IReadOnlyDictionary<string, string> Labels);

/// <summary>
/// The image operations of a container engine that <see cref="ImagePipeline"/> uses; Docker's
/// engine in production (<see cref="DockerImageEngine"/>), an in-memory fake in tests.
/// </summary>
internal interface IImageEngine
{
    /// <summary>The image <paramref name="reference"/> names, or null when there is none.</summary>
    Task<EngineImage?> InspectAsync(string reference, CancellationToken cancellationToken);

    /// <summary>All images with a tag in <paramref name="repository"/> ("hbench/python"); null = every top-level image.</summary>
    Task<IReadOnlyList<EngineImage>> ListAsync(string? repository, CancellationToken cancellationToken);

    /// <summary>Builds the Dockerfile at the root of <paramref name="context"/> (a tar stream) and tags it; returns the image id.</summary>
    Task<string> BuildAsync(Stream context, string tag, IReadOnlyDictionary<string, string> buildArgs,
        IReadOnlyDictionary<string, string> labels, IProgress<string>? progress, CancellationToken cancellationToken);

    /// <summary>Imports a root filesystem tar as an image with Dockerfile-style <paramref name="changes"/>; returns the image id.</summary>
    Task<string> ImportAsync(Stream rootfsTar, string tag, IReadOnlyList<string> changes, CancellationToken cancellationToken);

    /// <summary>Removes a tag or an untagged image by id (an image goes when no other tag or child holds it).</summary>
    Task RemoveAsync(string reference, CancellationToken cancellationToken);
}
