using HarnessBench.Core.Runtime;

namespace HarnessBench.Core.Pipeline;

/// <summary>Stage 1: makes the cell's scratch workspace from the task's seed files.</summary>
public interface IWorkspacePreparer
{
    /// <summary>Creates <see cref="CellPaths.Root"/> afresh and fills <see cref="CellPaths.Workspace"/>.</summary>
    Task<PrepareResult> PrepareAsync(CellWork work, CancellationToken cancellationToken);
}

/// <summary>Stage 2: runs the harness in a sandboxed agent container on the scratch workspace.</summary>
public interface IAgentRunner
{
    /// <summary>Runs the agent; a crash or timeout is a result, broken infrastructure throws.</summary>
    Task<AgentResult> RunAsync(CellWork work, CancellationToken cancellationToken);
}

/// <summary>Stage 3: runs the hidden tests in a new container on the final workspace.</summary>
public interface IGrader
{
    /// <summary>
    /// Begins, while the agent runs, what grading can do without the agent's files: the grader's container
    /// with the hidden tests in it, started behind a gate (<see cref="Runtime.IContainerRuntime.PrepareAsync"/>).
    /// Never throws: a failure surfaces from <see cref="GradeAsync"/>. Disposing it removes what was not used.
    /// </summary>
    GraderHeadStart Prepare(CellWork work, CancellationToken cancellationToken);

    /// <summary>Grades; a failing, crashing or hanging grader is a result, broken infrastructure throws.</summary>
    Task<GradeResult> GradeAsync(CellWork work, GraderHeadStart headStart, CancellationToken cancellationToken);
}

/// <summary>Maps a toolchain (and harness, for agents) to a runnable image reference. Supplied by the Cli.</summary>
public interface IImageResolver
{
    /// <summary>The image to run; throws <see cref="ContainerRuntimeException"/> when it cannot exist.</summary>
    Task<string> ResolveAsync(ImageRequest request, CancellationToken cancellationToken);
}

/// <summary>An image for a task's toolchain; <paramref name="Harness"/> is null for the grader's image.</summary>
public sealed record ImageRequest(string Toolchain, string? Harness)
{
    /// <summary>The task whose own image (environment/Dockerfile, combined toolchains) is wanted; null = the plain toolchain image.</summary>
    public Tasks.TaskDefinition? Task { get; init; }

    /// <summary>The image a cell of <paramref name="task"/> runs on: the task's own image when it has one.</summary>
    public static ImageRequest For(Tasks.TaskDefinition task, string? harness)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new ImageRequest(task.Toolchain, harness) { Task = task.HasOwnImage ? task : null };
    }
}

/// <summary>What the scratch copy holds.</summary>
/// <param name="SkippedLinks">Symlinks not copied because they point outside the workspace (task-relative paths).</param>
public sealed record PrepareResult(int Files, long Bytes, IReadOnlyList<string> SkippedLinks);

/// <summary>The agent container's run; its normalized events are in the cell's trajectory.jsonl (the audit reads them there, as a re-scan does).</summary>
public sealed record AgentResult(string Image, ContainerRun Run)
{
    /// <summary>The container's pids limit was reached while the agent ran (its commands forked too much).</summary>
    public bool PidsLimitHit { get; init; }

    /// <summary>What the harness's installed CLI reported as its version (CLI harnesses only; null for the others).</summary>
    public HarnessVersionReport? HarnessVersion { get; init; }

    /// <summary>The sandbox limit the agent ran into: "pids", "memory", or null.</summary>
    public string? LimitHit => PidsLimitHit ? "pids" : Run.OomKilled ? "memory" : null;
}

/// <summary>The grader container's run and the evidence its driver left, or why it could not run.</summary>
/// <param name="Run">Null when the grader was not started (<see cref="NotRunReason"/> says why).</param>
public sealed record GradeResult(string? Image, ContainerRun? Run, string StdoutTail, string StderrTail)
{
    public string? NotRunReason { get; init; }

    /// <summary>What the driver recorded in its root-only evidence file; the verdict is read from it.</summary>
    public GraderEvidence Evidence { get; init; } = GraderEvidence.Missing;

    /// <summary>The agent's files the grader took (its solution surface) and the changes it ignored.</summary>
    public GradedFiles? Files { get; init; }

    public static GradeResult NotRun(string reason) => new(null, null, "", "") { NotRunReason = reason };
}
