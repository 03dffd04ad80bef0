namespace HarnessBench.Docker.Images;

/// <summary>
/// Inputs of the images that come from outside containers/: the script that builds a rootfs and
/// the host's extra CA certificates (trusted inside every image, so TLS through an intercepting
/// proxy works). Both are part of the content hash; the Debian mirror deliberately is not.
/// </summary>
/// <param name="RootfsScriptPath">scripts/build-base-rootfs.sh.</param>
/// <param name="ExtraCaDirectory">Directory whose *.crt files are added to rootfs images' contexts (may not exist).</param>
internal sealed record ImageHostInputs(string RootfsScriptPath, string ExtraCaDirectory)
{
    public const string DefaultExtraCaDirectory = "/usr/local/share/ca-certificates";

    /// <summary>The inputs of a checkout at <paramref name="home"/> on this host.</summary>
    public static ImageHostInputs ForHome(string home) =>
        new(Path.Combine(home, "scripts", "build-base-rootfs.sh"), DefaultExtraCaDirectory);
}
