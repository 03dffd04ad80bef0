namespace HarnessBench.Core.Runtime;

/// <summary>Everything needed to run one sandboxed container. Immutable.</summary>
/// <param name="Image">Image reference (tag or id).</param>
/// <param name="Command">Argv executed in the container (no shell unless the argv starts one).</param>
/// <param name="Name">Human-readable container name suffix; the runtime makes it unique.</param>
/// <param name="Timeout">Wall-clock limit from start; the container is killed when it passes.</param>
/// <param name="Limits">CPU, memory, pids and tmpfs limits.</param>
/// <param name="StdoutPath">Host file that receives the container's stdout.</param>
/// <param name="StderrPath">Host file that receives the container's stderr.</param>
public sealed record ContainerSpec(
    string Image,
    IReadOnlyList<string> Command,
    string Name,
    TimeSpan Timeout,
    SandboxLimits Limits,
    string StdoutPath,
    string StderrPath)
{
    /// <summary>
    /// "uid:gid" the process runs as. Never root for agents; root (with <see cref="CapAdd"/> only) for
    /// the grader's driver, which runs the agent's code as uid 1000.
    /// </summary>
    public string User { get; init; } = "1000:1000";

    /// <summary>Capabilities kept after dropping all (none by default; the grader's driver needs a few to drop to uid 1000).</summary>
    public IReadOnlyList<string> CapAdd { get; init; } = [];

    public string WorkingDirectory { get; init; } = "/workspace";

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Host directories copied into the container (by archive, never by bind mount) before start.</summary>
    public IReadOnlyList<DirectoryCopyIn> CopyIn { get; init; } = [];

    /// <summary>Container directories copied back to the host after the container exits.</summary>
    public IReadOnlyList<DirectoryCopyOut> CopyOut { get; init; } = [];

    /// <summary>Bind mounts. Only for things that cannot be copied (the gateway socket directory).</summary>
    public IReadOnlyList<BindMount> Mounts { get; init; } = [];

    /// <summary>Labels added to the container (the runtime adds its own ownership labels too).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>False = --network none. Sandboxed containers never get a network.</summary>
    public bool NetworkEnabled { get; init; }
}

/// <summary>Resource limits for one container.</summary>
/// <param name="Cpus">CPU count (fractional allowed), e.g. 1.0.</param>
/// <param name="MemoryBytes">Memory limit; swap is set equal so the container cannot swap.</param>
/// <param name="Pids">Maximum number of processes and threads.</param>
/// <param name="TmpfsBytes">Size of the writable /tmp tmpfs.</param>
public sealed record SandboxLimits(double Cpus, long MemoryBytes, long Pids, long TmpfsBytes)
{
    public static SandboxLimits Default { get; } = new(1.0, 2L << 30, 512, 512L << 20);

    /// <summary>The most the final workspace may hold when it is copied out (file bytes, hard links counted again); past it the cell fails.</summary>
    public long WorkspaceBytes { get; init; } = 512L << 20;

    /// <summary>The most entries (files, directories, links) the final workspace may hold when it is copied out.</summary>
    public int WorkspaceFiles { get; init; } = 50_000;
}

/// <summary>Copies the contents of <paramref name="HostDirectory"/> to <paramref name="ContainerPath"/>.</summary>
/// <param name="Owner">"uid:gid" written into the archive entries.</param>
/// <param name="ReadOnly">When true, entries lose their write bits (the grader's tests).</param>
/// <param name="Private">When true, entries lose every group and other permission bit (only the owner reads them).</param>
public sealed record DirectoryCopyIn(string HostDirectory, string ContainerPath, string Owner = "1000:1000", bool ReadOnly = false, bool Private = false);

/// <summary>Copies the contents of <paramref name="ContainerPath"/> into <paramref name="HostDirectory"/> (created fresh).</summary>
public sealed record DirectoryCopyOut(string ContainerPath, string HostDirectory)
{
    /// <summary>Stop (and report in <see cref="ContainerRun.CopyOutLimit"/>) once the files hold more bytes than this.</summary>
    public long? MaxBytes { get; init; }

    /// <summary>Stop (and report) once there are more entries than this.</summary>
    public int? MaxEntries { get; init; }
}

public sealed record BindMount(string HostPath, string ContainerPath, bool ReadOnly = true);
