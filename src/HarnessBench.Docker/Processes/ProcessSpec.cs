namespace HarnessBench.Docker.Processes;

/// <summary>The signals a host process is stopped with: a graceful one first, then <see cref="Kill"/>.</summary>
internal enum ProcessSignal
{
    Interrupt = 2,
    Kill = 9,
    Terminate = 15,
}

/// <summary>A host-side command: argv, directory, environment, limits and where its output goes.</summary>
/// <param name="FileName">Program name (searched on PATH) or path.</param>
/// <param name="Arguments">Arguments, passed as-is (no shell).</param>
internal sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set on top of the current environment; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Wall-clock limit of <see cref="ProcessLauncher.RunAsync"/>; infinite by default.</summary>
    public TimeSpan Timeout { get; init; } = System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>The first signal of a stop (timeout, cancellation); SIGKILL follows after <see cref="GracePeriod"/>.</summary>
    public ProcessSignal StopSignal { get; init; } = ProcessSignal.Terminate;

    /// <summary>Time between <see cref="StopSignal"/> and SIGKILL when the process is stopped.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>File that receives stdout and stderr interleaved as they arrive (uncapped, overwritten), or null.</summary>
    public string? OutputPath { get; init; }

    /// <summary>Bytes of stdout and of stderr kept in memory for the result.</summary>
    public int MaxCapturedBytes { get; init; } = 1 << 20;

    /// <summary>Called with each line of stdout, as it arrives (one call at a time with <see cref="OnErrorLine"/>).</summary>
    public Action<string>? OnOutputLine { get; init; }

    /// <summary>Called with each line of stderr, as it arrives.</summary>
    public Action<string>? OnErrorLine { get; init; }

    /// <summary>
    /// Consumes stdout as a raw stream (a tar archive into the engine's import) instead of the capture,
    /// the file and <see cref="OnOutputLine"/>. Returning early closes the pipe; throwing kills the process.
    /// </summary>
    public Func<Stream, CancellationToken, Task>? StandardOutput { get; init; }
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
