namespace HarnessBench.Docker;

/// <summary>The engine's GET /version answer (the parts we record).</summary>
internal sealed record EngineVersion(string Version, string ApiVersion, string Os, string Arch, string KernelVersion);

/// <summary>An image as inspected or listed.</summary>
/// <param name="Id">Content-addressed id, "sha256:...".</param>
/// <param name="RepoTags">"repo:tag" names pointing at it (may be empty).</param>
/// <param name="Size">Size in bytes including parent layers.</param>
/// <param name="Created">Creation time.</param>
/// <param name="Labels">Image labels (never null).</param>
internal sealed record ImageInfo(
    string Id,
    IReadOnlyList<string> RepoTags,
    long Size,
    DateTimeOffset Created,
    IReadOnlyDictionary<string, string> Labels);

/// <summary>A network as listed.</summary>
internal sealed record NetworkSummary(
    string Id,
    string Name,
    string Driver,
    bool Internal,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> Gateways);

/// <summary>Options for POST /networks/create.</summary>
internal sealed record NetworkCreateOptions(string Name)
{
    public string Driver { get; init; } = "bridge";

    /// <summary>Internal networks have no route outside (no NAT to the host's uplink).</summary>
    public bool Internal { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
