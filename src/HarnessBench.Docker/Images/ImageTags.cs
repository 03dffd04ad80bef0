using HarnessBench.Core.Runtime;

namespace HarnessBench.Docker.Images;

/// <summary>Naming rules shared by the catalog, the pipeline and prune: hbench/&lt;name&gt;:&lt;12 hex&gt;.</summary>
internal static class ImageTags
{
    public const string RepositoryPrefix = "hbench/";

    public const int TagHexLength = 12;

    public static string Repository(string name) => RepositoryPrefix + name;

    public static string Tag(string name, string hash) => $"{Repository(name)}:{hash[..TagHexLength]}";

    public static IReadOnlyDictionary<string, string> Labels(string name, string hash) =>
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ManagedLabels.ContentHash] = hash,
            [ManagedLabels.Image] = name,
        };
}
