namespace HarnessBench.Docker.Images;

/// <summary>Which catalog images are toolchains (the images a task's <c>toolchain:</c> may name).</summary>
internal sealed partial class ImageCatalog
{
    /// <summary>The folder under containers/ that holds the toolchain images.</summary>
    public const string ToolchainsFolder = "toolchains";

    /// <summary>
    /// The toolchain images: those under containers/toolchains/. The base image and the harness layers
    /// are images too, but a task on them has no python3 for the grader's driver (or no compilers).
    /// </summary>
    public IReadOnlySet<string> ToolchainNames =>
        Images.Where(i => string.Equals(Path.GetFileName(Path.GetDirectoryName(i.Directory)), ToolchainsFolder, StringComparison.Ordinal))
            .Select(i => i.Name)
            .ToHashSet(StringComparer.Ordinal);
}
