namespace HarnessBench.Docker.Images;

/// <summary>Naming rules shared by the catalog, the pipeline and prune: hbench/&lt;name&gt;:&lt;12 hex&gt;.</summary>
internal static class ImageTags
{
    public const string RepositoryPrefix = "hbench/";

    /// <summary>Label holding the full SHA-256 content hash (hex) an image was built from.</summary>
    public const string ContentHashLabel = "io.harnessbench.content-hash";

    /// <summary>Label holding the catalog name of the image ("python", "base-rootfs").</summary>
    public const string ImageNameLabel = "io.harnessbench.image";

    public const int TagHexLength = 12;

    public static string Repository(string name) => RepositoryPrefix + name;

    public static string Tag(string name, string hash) => $"{Repository(name)}:{hash[..TagHexLength]}";

    public static IReadOnlyDictionary<string, string> Labels(string name, string hash) =>
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ContentHashLabel] = hash,
            [ImageNameLabel] = name,
        };
}
