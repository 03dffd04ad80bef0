namespace HarnessBench.Core.Results;

/// <summary>
/// One line of results.jsonl (schema 1, snake_case JSON): the complete, self-contained record of
/// one cell attempt. Lines are append-only; when a cell id appears more than once the last line wins.
/// </summary>
public sealed record CellResult
{
    public const int CurrentSchema = 1;

    /// <summary>Version of this line's shape; readers refuse newer schemas.</summary>
    public int Schema { get; init; } = CurrentSchema;

    /// <summary>The run name (the results folder): stable across resumes.</summary>
    public required string RunId { get; init; }

    /// <summary>The process invocation that wrote the line (tells resumed attempts apart).</summary>
    public required string SessionId { get; init; }

    public required string CellId { get; init; }

    /// <summary>The cell's definition hash when it ran; a different hash in the plan means this line is stale.</summary>
    public required string DefinitionHash { get; init; }

    public required string Model { get; init; }

    public required string Harness { get; init; }

    public required string Task { get; init; }

    /// <summary>1-based; 0 is the discarded warm-up attempt (bench.yaml <c>warmup: true</c>).</summary>
    public required int Repeat { get; init; }

    /// <summary>A discarded warm-up attempt (repeat 0): stored so that resume skips it, left out of every report figure. Written only when true.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool Warmup { get; init; }

    public required Verdict Verdict { get; init; }

    /// <summary>Set exactly when <see cref="Verdict"/> is <see cref="Verdict.Error"/>.</summary>
    public ErrorKind? ErrorKind { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>Null when the agent never exited by itself (timeout, infra error, interruption).</summary>
    public int? AgentExitCode { get; init; }

    public bool AgentOomKilled { get; init; }

    /// <summary>The sandbox limit the agent ran into ("memory" or "pids"); the cell is still graded. Written only when set.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? AgentLimit { get; init; }

    public int? GraderExitCode { get; init; }

    public required CellTimings Timings { get; init; }

    /// <summary>The wall-clock limits the cell ran with (the task's or the bench's, see README "Timeouts"); null in older lines.</summary>
    public CellLimitsMs? Limits { get; init; }

    /// <summary>Last ~4 KB of the grader's stdout.</summary>
    public string? GraderStdoutTail { get; init; }

    /// <summary>Last ~4 KB of the grader's stderr.</summary>
    public string? GraderStderrTail { get; init; }

    /// <summary>Why the cell failed ("checks 3/12: ...", "no-evidence: ...", "workspace-limit: ..."); null unless the verdict is fail.</summary>
    public string? FailReason { get; init; }

    /// <summary>The checks the grader's driver recorded in its root-only evidence; null when the grader did not run.</summary>
    public CellChecks? Checks { get; init; }

    /// <summary>The agent's files the grader took (the task's solution surface) and the changes outside it that it ignored.</summary>
    public Pipeline.GradedFiles? Graded { get; init; }

    public CellImages Images { get; init; } = new(null, null);

    /// <summary>The version the harness definition pins (part of the definition hash); null for built-in harnesses.</summary>
    public string? HarnessVersion { get; init; }

    /// <summary>
    /// What the installed CLI's <c>version_command</c> reported, run once per agent image in a sandboxed
    /// container (CLI harnesses whose agent ran; written only then).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? HarnessVersionReported { get; init; }

    /// <summary>
    /// The installed CLI reported a version other than <see cref="HarnessVersion"/>: the cell ran and was
    /// graded, but its figures belong to another version than the one the run claims. Reports and the
    /// sweep warn. Written only when true.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool HarnessVersionMismatch { get; init; }

    public CellLogs Logs { get; init; } = CellLogs.None;

    /// <summary>The model gateway's metering; absent (not written) for cells without a model.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ModelMetering? Metering { get; init; }

    /// <summary>
    /// The contamination audit of the attempt (label, evidence, the attempt's canary); absent for
    /// cells whose agent never ran. It never changes the verdict.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public HarnessBench.Core.Audit.CellAudit? Audit { get; init; }

    /// <summary>The execution backend the cell's containers ran on ("local", "swarm"); null in lines written before backends existed.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Backend { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }
}

/// <summary>How a cell ended.</summary>
public enum Verdict
{
    /// <summary>The grader's driver finished and recorded every declared check, all passed.</summary>
    Pass,

    /// <summary>Anything short of that once the agent's code was graded (see <see cref="CellResult.FailReason"/>).</summary>
    Fail,

    /// <summary>No trustworthy verdict; see <see cref="ErrorKind"/>.</summary>
    Error,
}

/// <summary>Why a cell has no pass/fail verdict. Stored kebab-case ("agent-timeout").</summary>
public enum ErrorKind
{
    /// <summary>The agent hit its wall-clock limit; the cell is not graded.</summary>
    AgentTimeout,

    /// <summary>The agent container ended without an exit code; not graded. (Dying at a sandbox limit is graded: see <see cref="CellResult.AgentLimit"/>.)</summary>
    AgentCrash,

    /// <summary>The grader hit its wall-clock limit.</summary>
    GraderTimeout,

    /// <summary>test.sh missing, exit 126/127 (not executable / command not found), OOM-killed, or no exit code.</summary>
    GraderError,

    /// <summary>Broken infrastructure: the container runtime or the file system failed.</summary>
    Infra,

    /// <summary>The sweep was cancelled while the cell ran; resume reruns it.</summary>
    Interrupted,

    /// <summary>
    /// The model endpoint failed (connection refused, HTTP 4xx/5xx, a malformed or broken stream),
    /// as the gateway metered it: the harness was never given a working model, so the cell says
    /// nothing about the harness or the model's ability. Stored "endpoint".
    /// </summary>
    Endpoint,

    /// <summary>
    /// The harness's software could not be installed here (its image layer failed to build, e.g. its
    /// package index is unreachable): the cell never ran. Stored "harness-unavailable".
    /// </summary>
    HarnessUnavailable,

    /// <summary>
    /// The task's own image (its environment or combined toolchains) could not be built here, e.g. it
    /// installs from a package index this machine cannot reach: the cell never ran. Stored "task-unavailable".
    /// </summary>
    TaskUnavailable,

    /// <summary>
    /// The execution backend (e.g. Swarm) failed or lost the container's job, or its node went away:
    /// a fault of the cluster, not of the agent, the grader or the engine as a whole. Stored "backend-error".
    /// </summary>
    BackendError,
}

/// <summary>The effective wall-clock limits of a cell's two containers, in milliseconds.</summary>
public sealed record CellLimitsMs(long AgentTimeoutMs, long GraderTimeoutMs);

/// <summary>Wall-clock milliseconds per phase, plus container process times and the sandbox's share.</summary>
/// <param name="SandboxOverheadMs">Total minus agent and grader process time: preparing, copying, container start and removal.</param>
public sealed record CellTimings(long PrepareMs, long AgentMs, long GradeMs, long TotalMs, long AgentProcessMs, long GraderProcessMs, long SandboxOverheadMs);

/// <summary>The checks the grader's driver recorded, against the count the task declares (a pass needs Passed == Total == Declared).</summary>
/// <param name="Passed">Checks recorded as passed.</param>
/// <param name="Total">Checks recorded.</param>
/// <param name="Declared">task.yaml <c>checks:</c>.</param>
/// <param name="Finished">The driver wrote its finish line (false: it stopped, or was stopped, before).</param>
public sealed record CellChecks(int Passed, int Total, int Declared, bool Finished)
{
    /// <summary>How many failed checks <see cref="Failed"/> lists at most.</summary>
    public const int ListedFailures = 20;

    /// <summary>Up to <see cref="ListedFailures"/> failed checks as "name: detail".</summary>
    public IReadOnlyList<string> Failed { get; init; } = [];
}

/// <summary>Images the two containers ran on.</summary>
public sealed record CellImages(CellImage? Agent, CellImage? Grader);

/// <param name="Reference">The tag asked for.</param>
/// <param name="Id">The resolved image id (sha256:...) the container actually ran on.</param>
public sealed record CellImage(string Reference, string? Id)
{
    /// <summary>The node the container ran on (a Swarm node's hostname); absent on the local engine.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Node { get; init; }
}

/// <summary>Paths of the cell's raw files relative to the run directory; null when the file was not written.</summary>
public sealed record CellLogs(string? AgentStdout, string? AgentStderr, string? GraderStdout, string? GraderStderr, string? Workspace, string? Error)
{
    /// <summary>The normalized trajectory (trajectory.jsonl), parsed from the harness's log or written by an in-process agent.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Trajectory { get; init; }

    /// <summary>Extra files the harness logged inside the container (session exports, chat histories), copied out.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? AgentLogs { get; init; }

    public static CellLogs None { get; } = new(null, null, null, null, null, null);
}
