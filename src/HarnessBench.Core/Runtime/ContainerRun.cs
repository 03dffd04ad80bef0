namespace HarnessBench.Core.Runtime;

/// <summary>What happened to one container. Stored (in parts) in result lines.</summary>
/// <param name="ContainerId">Engine id of the (now removed) container.</param>
/// <param name="ImageId">Resolved image id (sha256:...) the container ran on.</param>
/// <param name="ExitCode">Process exit code; null when the container never exited by itself.</param>
/// <param name="TimedOut">Killed because <see cref="ContainerSpec.Timeout"/> passed.</param>
/// <param name="OomKilled">The kernel killed it for exceeding the memory limit.</param>
/// <param name="ProcessTime">Time the container's main process ran (engine StartedAt to FinishedAt).</param>
/// <param name="TotalTime">Wall time of the whole RunAsync call: create, copy, start, wait, copy out, remove.</param>
public sealed record ContainerRun(
    string ContainerId,
    string ImageId,
    int? ExitCode,
    bool TimedOut,
    bool OomKilled,
    TimeSpan ProcessTime,
    TimeSpan TotalTime)
{
    /// <summary>Set when a copy-out stopped at its limit (<see cref="DirectoryCopyOut.MaxBytes"/>, <see cref="DirectoryCopyOut.MaxEntries"/>): what was exceeded, where.</summary>
    public string? CopyOutLimit { get; init; }

    /// <summary>The node that ran the container (a Swarm node's hostname); null on the local engine, where there is one.</summary>
    public string? Node { get; init; }

    /// <summary>Sandbox overhead: everything but the process itself.</summary>
    public TimeSpan Overhead => TotalTime > ProcessTime ? TotalTime - ProcessTime : TimeSpan.Zero;
}
