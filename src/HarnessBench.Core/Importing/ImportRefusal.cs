namespace HarnessBench.Core.Importing;

/// <summary>Why a task cannot be mapped onto HarnessBench (the import summary counts refusals by these).</summary>
public enum RefusalKind
{
    /// <summary>The task needs more than one container (a compose file with several services).</summary>
    SeveralContainers,

    /// <summary>The task needs GPUs.</summary>
    Gpus,

    /// <summary>The task's tests or reference solution reach the internet while the task runs (agents and graders run offline).</summary>
    InternetAtRunTime,

    /// <summary>The task only names a prebuilt image (no Dockerfile), or one HarnessBench cannot rebuild from Debian packages.</summary>
    PrebuiltImage,

    /// <summary>The reference solution needs root in the container (the agent runs as uid 1000).</summary>
    NeedsRoot,

    /// <summary>The reference solution is interactive keystrokes with no script equivalent.</summary>
    InteractiveSolution,

    /// <summary>The verdict cannot be taken from the format's evidence (no pytest tests found, an unknown parser).</summary>
    UnsupportedGrader,

    /// <summary>The folder is not a task in a known format, or it is malformed.</summary>
    NotATask,

    /// <summary>Something else the container set-up needs that a sandboxed container cannot have (privileged, devices, host mounts).</summary>
    ContainerSettings,

    /// <summary>The tests talk to a service the agent leaves running; HarnessBench grades in a fresh container, where nothing the agent started runs.</summary>
    RunningService,
}

/// <summary>A task the importer refuses, with the exact reason (written to the summary, never a crash).</summary>
public sealed class ImportRefusedException : Exception
{
    public ImportRefusedException()
    {
    }

    public ImportRefusedException(string message)
        : base(message)
    {
    }

    public ImportRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ImportRefusedException(RefusalKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    public RefusalKind Kind { get; } = RefusalKind.NotATask;

    /// <summary>The kind as the summary prints it ("internet at run time").</summary>
    public static string Describe(RefusalKind kind) => kind switch
    {
        RefusalKind.SeveralContainers => "several containers",
        RefusalKind.Gpus => "GPUs",
        RefusalKind.InternetAtRunTime => "internet at run time",
        RefusalKind.PrebuiltImage => "prebuilt image only",
        RefusalKind.NeedsRoot => "needs root at run time",
        RefusalKind.InteractiveSolution => "interactive solution",
        RefusalKind.UnsupportedGrader => "unsupported grader",
        RefusalKind.ContainerSettings => "container settings",
        RefusalKind.RunningService => "a service left running",
        _ => "not a task",
    };
}
