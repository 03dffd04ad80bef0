namespace HarnessBench.Docker.Runtime;

internal sealed record DockerRuntimeOptions
{
    /// <summary>Cap on each of stdout and stderr written to the host files; a note marks the cut.</summary>
    public long MaxLogBytes { get; init; } = 64L << 20;

    /// <summary>Bound on kill and remove during cleanup (they run even after cancellation).</summary>
    public TimeSpan CleanupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Run the engine's init as PID 1: reaps zombies (which count against the pids limit) and forwards signals.</summary>
    public bool UseInit { get; init; } = true;
}
