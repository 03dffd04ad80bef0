namespace HarnessBench.Cli;

/// <summary>Named process exit codes. Scripts and CI branch on these, so they never change meaning.</summary>
internal static class ExitCodes
{
    /// <summary>Everything ran; for a sweep, every cell has a pass/fail verdict.</summary>
    public const int Success = 0;

    /// <summary>The command ran but its check failed (doctor found problems, task validation failed, some cells errored).</summary>
    public const int CheckFailed = 1;

    /// <summary>Bad command line.</summary>
    public const int Usage = 2;

    /// <summary>bench.yaml or a task.yaml is invalid; every error was printed.</summary>
    public const int ConfigInvalid = 3;

    /// <summary>The Docker engine is not reachable or refused us.</summary>
    public const int EngineUnavailable = 4;

    /// <summary>Images needed by the command are missing; `./hbench images build` fixes it.</summary>
    public const int ImagesMissing = 5;

    /// <summary>The model endpoint could not be reached, answered with an HTTP error, or streamed no usable answer (`hbench probe`).</summary>
    public const int ModelUnavailable = 6;

    /// <summary>Unexpected internal failure (a bug): details were printed.</summary>
    public const int InternalError = 70;

    /// <summary>Stopped by Ctrl-C or SIGTERM; finished cells are kept, interrupted ones rerun on resume.</summary>
    public const int Interrupted = 130;
}
