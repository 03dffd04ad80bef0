namespace HarnessBench.Docker.Processes;

/// <summary>A host-side command: argv, directory, environment, limits and where its output goes.</summary>
/// <param name="FileName">Program name (searched on PATH) or path.</param>
/// <param name="Arguments">Arguments, passed as-is (no shell).</param>
internal sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set on top of the current environment; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Wall-clock limit; infinite by default.</summary>
    public TimeSpan Timeout { get; init; } = System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>Time between SIGTERM and SIGKILL when the process is stopped.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>File that receives stdout and stderr interleaved as they arrive (uncapped), or null.</summary>
    public string? OutputPath { get; init; }

    /// <summary>Bytes of stdout and of stderr kept in memory for the result.</summary>
    public int MaxCapturedBytes { get; init; } = 1 << 20;
}

/// <summary>How a host-side command ended.</summary>
/// <param name="ExitCode">Exit code; 128+signal when killed by a signal (e.g. 137 for SIGKILL, 143 for SIGTERM).</param>
/// <param name="TimedOut">Stopped because <see cref="ProcessSpec.Timeout"/> passed.</param>
/// <param name="OutputTruncated">More output arrived than <see cref="ProcessSpec.MaxCapturedBytes"/> (the file has it all).</param>
internal sealed record ProcessResult(
    int ExitCode,
    bool TimedOut,
    TimeSpan Duration,
    string StandardOutput,
    string StandardError,
    bool OutputTruncated)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;
}
