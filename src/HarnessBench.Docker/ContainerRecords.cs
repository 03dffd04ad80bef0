namespace HarnessBench.Docker;

/// <summary>
/// Options for POST /containers/create. Defaults are the sandbox's: no network, all capabilities
/// dropped, no-new-privileges. Callers opt out explicitly.
/// </summary>
internal sealed record ContainerCreateOptions(string Image)
{
    /// <summary>Unique container name, or null for an engine-generated one.</summary>
    public string? Name { get; init; }

    public IReadOnlyList<string> Cmd { get; init; } = [];

    /// <summary>Replaces the image's ENTRYPOINT when not null (an empty list clears it).</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    public string? User { get; init; }

    public string? WorkingDir { get; init; }

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>"none", "bridge", or a network name.</summary>
    public string NetworkMode { get; init; } = "none";

    public IReadOnlyList<ContainerMount> Mounts { get; init; } = [];

    /// <summary>CPU quota in units of 1e-9 CPUs; 0 = unlimited.</summary>
    public long NanoCpus { get; init; }

    /// <summary>Memory limit in bytes; 0 = unlimited. Swap is set to the same value (no swap).</summary>
    public long MemoryBytes { get; init; }

    /// <summary>Maximum processes and threads; null = unlimited.</summary>
    public long? PidsLimit { get; init; }

    /// <summary>Container path to tmpfs mount options (e.g. "/tmp" to "rw,size=64m,mode=1777").</summary>
    public IReadOnlyDictionary<string, string> Tmpfs { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> CapDrop { get; init; } = ["ALL"];

    public IReadOnlyList<string> CapAdd { get; init; } = [];

    public IReadOnlyList<string> SecurityOpt { get; init; } = ["no-new-privileges"];

    /// <summary>Keep stdin open, once: until the first attach that writes to it ends (the gate of a prepared container).</summary>
    public bool OpenStdin { get; init; }

    /// <summary>Run the engine's init (tini) as PID 1 so orphans are reaped and signals forwarded.</summary>
    public bool Init { get; init; }
}

internal sealed record ContainerMount(string Source, string Target, bool ReadOnly = true);

/// <summary>GET /containers/{id}/json, the parts we use.</summary>
internal sealed record ContainerInfo(
    string Id,
    string Name,
    string ImageId,
    IReadOnlyDictionary<string, string> Labels,
    ContainerState State);

/// <param name="Status">"created", "running", "exited", ...</param>
/// <param name="StartedAt">Null when never started.</param>
/// <param name="FinishedAt">Null when not finished.</param>
internal sealed record ContainerState(
    string Status,
    bool Running,
    bool OomKilled,
    int ExitCode,
    string? Error,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt);

internal sealed record ContainerSummary(
    string Id,
    IReadOnlyList<string> Names,
    string Image,
    string ImageId,
    string State,
    IReadOnlyDictionary<string, string> Labels);

internal sealed record ExecOptions
{
    public string? User { get; init; }

    public string? WorkingDir { get; init; }

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>Per-stream cap on captured output; the rest is dropped.</summary>
    public int MaxOutputBytes { get; init; } = 16 << 20;
}

internal sealed record ExecResult(long ExitCode, string Stdout, string Stderr);

/// <summary>HEAD /containers/{id}/archive: a path's stat inside the container.</summary>
internal sealed record ContainerPathStat(string Name, long Size, bool IsDirectory, bool IsSymlink, string? LinkTarget);
