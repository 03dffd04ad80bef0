namespace HarnessBench.Docker.Images;

/// <summary>One image the project builds: a directory under containers/ that holds a Dockerfile.</summary>
/// <param name="Name">Image name, the directory's name ("base", "python", "claude-code").</param>
/// <param name="Directory">Absolute path of the build context directory.</param>
/// <param name="Parent">
/// Image whose tag is passed as the BASE build argument; null for a rootfs image (built on an
/// imported debootstrap tree) and for images that declare <c># hbench-parent: none</c>.
/// </param>
/// <param name="IsRootfs">True when the directory holds a rootfs recipe (rootfs.conf): BASE is then the imported tree.</param>
/// <param name="OnDemand">
/// Declared <c># hbench-on-demand</c>: left out of a plain `images build` and built when a cell first
/// needs it, so an image whose sources may be unreachable (Aider's Python package index) cannot
/// break setup; its cells report <c>error: harness-unavailable</c> instead.
/// </param>
internal sealed record ImageDefinition(string Name, string Directory, string? Parent, bool IsRootfs, bool OnDemand = false)
{
    /// <summary>Name of the rootfs image made from the recipe, "base-rootfs" for "base".</summary>
    public string RootfsName => Name + "-rootfs";

    public string RootfsRecipePath => Path.Combine(Directory, ImageCatalog.RootfsRecipeFileName);
}
