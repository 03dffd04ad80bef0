namespace HarnessBench.Docker.Images;

/// <summary>Makes the root filesystem of a rootfs image (the recipe in its rootfs.conf).</summary>
internal interface IRootfsBuilder
{
    /// <summary>
    /// Builds the tree and hands it to <paramref name="consumeTar"/> as a tar stream (which the
    /// pipeline imports into the engine); temporary files are removed before this returns.
    /// </summary>
    Task BuildAsync(
        ImageDefinition image,
        Func<Stream, CancellationToken, Task> consumeTar,
        IProgress<string>? progress,
        CancellationToken cancellationToken);
}
