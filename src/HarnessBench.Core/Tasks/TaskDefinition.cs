namespace HarnessBench.Core.Tasks;

/// <summary>A validated tasks/&lt;id&gt;/ directory. Immutable; built only by the task loader.</summary>
/// <param name="Id">The directory name (task.yaml's id must match it).</param>
/// <param name="Prompt">What the agent is asked to do (inline prompt or instruction.md).</param>
/// <param name="Toolchain">Image name (python, c-cpp, rust, node, sql, torch...) for agent and grader; combined toolchains are joined with '+' ("python+c-cpp").</param>
/// <param name="Directory">Absolute path of the task directory.</param>
/// <param name="ContentHash">"sha256:..." over task.yaml, the prompt file, tests/, workspace/ and solution/.</param>
public sealed record TaskDefinition(
    string Id,
    string Title,
    string Prompt,
    string Language,
    Difficulty Difficulty,
    string Category,
    IReadOnlyList<string> Tags,
    string Toolchain,
    string Directory,
    string ContentHash)
{
    /// <summary>Overrides the bench's default agent timeout.</summary>
    public TimeSpan? AgentTimeout { get; init; }

    /// <summary>Overrides the bench's default grader timeout.</summary>
    public TimeSpan? GraderTimeout { get; init; }

    /// <summary>Per-field overrides of the bench's sandbox limits.</summary>
    public TaskResources Resources { get; init; } = TaskResources.None;

    /// <summary>Free-form notes on what the toolchain must provide.</summary>
    public string? SetupNotes { get; init; }

    /// <summary>How long a competent agent is expected to need (for reports; not enforced).</summary>
    public TimeSpan? ExpectedAgentTime { get; init; }

    /// <summary>The task ships a plausible-but-wrong solution in wrong/ (must fail the grader).</summary>
    public bool HasWrongSolution { get; init; }

    /// <summary>The folder that may hold the task's own environment (environment/Dockerfile, built FROM its toolchain image).</summary>
    public const string EnvironmentFolder = "environment";

    /// <summary>Written by <c>hbench tasks import</c>: where the task came from and every adaptation made.</summary>
    public const string ImportNotesFile = "IMPORT.md";

    /// <summary>The task declares its own environment (environment/Dockerfile): agent and grader run on the task's image.</summary>
    public bool HasEnvironment { get; init; }

    /// <summary>The task was imported from another format (it has an IMPORT.md); such tasks need no wrong/.</summary>
    public bool Imported { get; init; }

    /// <summary>The toolchains combined in the task's image: <see cref="Toolchain"/> split at '+'.</summary>
    public IReadOnlyList<string> Toolchains => Toolchain.Split(TaskToolchains.Separator);

    /// <summary>
    /// True when the task does not run on a plain toolchain image: it has an environment or combines
    /// several toolchains. Its image is built on demand and may be unavailable on a machine.
    /// </summary>
    public bool HasOwnImage => HasEnvironment || Toolchains.Count > 1;

    public string EnvironmentDirectory => Path.Combine(Directory, EnvironmentFolder);

    /// <summary>Set for <c>mode: single-shot</c> tasks: the prompt goes to the model once, without tools, and the code in its reply becomes this file.</summary>
    public SingleShotAnswer? SingleShot { get; init; }

    /// <summary>
    /// How many checks the grader must report, all passed, for a pass (task.yaml <c>checks:</c>).
    /// 0 only for tasks built in code (tests); the loader requires a positive count.
    /// </summary>
    public int Checks { get; init; }

    /// <summary>The workspace files the grader takes from the agent (task.yaml <c>surface:</c>); null only for tasks built in code.</summary>
    public SolutionSurface? Surface { get; init; }

    public string WorkspaceDirectory => Path.Combine(Directory, "workspace");

    public string TestsDirectory => Path.Combine(Directory, "tests");

    public string SolutionDirectory => Path.Combine(Directory, "solution");

    public string WrongDirectory => Path.Combine(Directory, "wrong");

    /// <summary>The graders' shared library (tasks/_lib next to the task), copied to /hbench/lib in the grader.</summary>
    public string GraderLibraryDirectory => Path.Combine(Path.GetDirectoryName(Directory) ?? Directory, "_lib");
}

/// <summary>Where a single-shot task's answer goes.</summary>
/// <param name="File">Workspace-relative path ('/' separators) the extracted code is written to.</param>
public sealed record SingleShotAnswer(string File);

/// <summary>How hard a task is, as its author judges.</summary>
public enum Difficulty
{
    Easy,
    Medium,
    Hard,
}

/// <summary>Optional per-task limits; null fields fall back to the bench's sandbox limits.</summary>
public sealed record TaskResources(double? Cpus, long? MemoryBytes, long? Pids)
{
    public static TaskResources None { get; } = new(null, null, null);
}
