namespace HarnessBench.Docker.Images;

/// <summary>Whether the engine holds an image built from the current content of its inputs.</summary>
internal enum ImageState
{
    /// <summary>The current content-hash tag exists.</summary>
    Present,

    /// <summary>Only older hbench/&lt;name&gt; tags exist: the inputs changed since the last build.</summary>
    Stale,

    /// <summary>No hbench/&lt;name&gt; image at all.</summary>
    Missing,
}

/// <summary>One catalog image as the engine sees it.</summary>
/// <param name="Name">Catalog name ("python").</param>
/// <param name="Tag">Current tag, hbench/&lt;name&gt;:&lt;first 12 hex of Hash&gt;.</param>
/// <param name="Hash">Full SHA-256 content hash (hex) of the image's inputs.</param>
/// <param name="State">Present, Stale or Missing.</param>
/// <param name="Id">Engine image id of <paramref name="Tag"/> when present.</param>
/// <param name="SizeBytes">Size of <paramref name="Tag"/> (with parent layers) when present.</param>
internal sealed record ImageStatus(string Name, string Tag, string Hash, ImageState State, string? Id, long? SizeBytes)
{
    /// <summary>Built when a cell first needs it, not by `images build`; its absence is not a problem.</summary>
    public bool OnDemand { get; init; }

    /// <summary>Present, or an on-demand image nobody has needed yet.</summary>
    public bool IsReady => State == ImageState.Present || OnDemand;
}

/// <summary>What <see cref="ImagePipeline.BuildAsync"/> did for one image.</summary>
/// <param name="Name">Catalog name.</param>
/// <param name="Tag">Content-hash tag.</param>
/// <param name="ImageId">Engine image id the tag points at afterwards.</param>
/// <param name="Built">False when the tag already existed and the build was skipped.</param>
/// <param name="Duration">Wall time spent on this image (check, and build when needed).</param>
internal sealed record ImageBuildResult(string Name, string Tag, string ImageId, bool Built, TimeSpan Duration);
