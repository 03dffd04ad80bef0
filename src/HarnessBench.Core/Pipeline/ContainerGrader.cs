using HarnessBench.Core.Runtime;

namespace HarnessBench.Core.Pipeline;

/// <summary>
/// Stage 3: a NEW container from the task's toolchain image, privilege-separated. The task's driver
/// (tests/test.sh, see tasks/README.md) runs as root with only the capabilities it needs to run the
/// agent's code as uid 1000 and stop it; the agent's code never runs as root and cannot read the
/// hidden files or write the evidence. Layout:
/// <list type="bullet">
/// <item>/workspace: the seed with the agent's solution-surface files laid over it (uid 1000);</item>
/// <item>/hbench/grader (tests/), /hbench/seed (workspace/), /hbench/solution (solution/): root-only;</item>
/// <item>/hbench/runner (tests/runner/) and /hbench/lib (tasks/_lib): root-owned, world-readable;</item>
/// <item>/hbench/evidence: root-only, copied back out; the verdict is read from it (<see cref="OutcomeRules"/>).</item>
/// </list>
/// </summary>
internal sealed class ContainerGrader(IContainerRuntime runtime, IImageResolver images) : IGrader
{
    public const string GraderPath = "/hbench/grader";
    public const string RunnerPath = "/hbench/runner";
    public const string LibraryPath = "/hbench/lib";
    public const string SeedPath = "/hbench/seed";
    public const string SolutionPath = "/hbench/solution";
    public const string EvidencePath = "/hbench/evidence";
    private const string Root = "0:0";

    /// <summary>What the driver needs to become uid 1000, stop every uid-1000 process and read/chown the agent's files; nothing else.</summary>
    public static IReadOnlyList<string> DriverCapabilities { get; } = ["SETUID", "SETGID", "KILL", "DAC_OVERRIDE", "CHOWN", "FOWNER"];

    public GraderHeadStart Prepare(CellWork work, CancellationToken cancellationToken) =>
        NotRunReason(work.Cell.Task) is null ? new GraderHeadStart(PrepareAsync(work, cancellationToken)) : GraderHeadStart.None;

    private async Task<PreparedGrader?> PrepareAsync(CellWork work, CancellationToken cancellationToken)
    {
        await Task.Yield(); // the agent's stage goes on at once; this runs alongside it
        var paths = work.Paths;
        FileTree.Delete(paths.Evidence);
        Directory.CreateDirectory(paths.Evidence);
        var image = await images.ResolveAsync(ImageRequest.For(work.Cell.Task, harness: null), cancellationToken);
        return new PreparedGrader(image, await runtime.PrepareAsync(Spec(work, image), cancellationToken));
    }

    public async Task<GradeResult> GradeAsync(CellWork work, GraderHeadStart headStart, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(headStart);
        var task = work.Cell.Task;
        if (NotRunReason(task) is { } reason) return GradeResult.NotRun(reason);
        var paths = work.Paths;
        var files = GradedWorkspace.Compose(task.WorkspaceDirectory, paths.Workspace, task.Surface!, paths.GradedWorkspace);
        try
        {
            var prepared = await headStart.ReadyAsync()
                ?? throw new InvalidOperationException("the grader's container was not prepared for this cell");
            // The agent's files are the late input: the hidden files went in while the agent ran.
            var run = await prepared.Container.RunAsync([new(paths.GradedWorkspace, SandboxSpecs.WorkspacePath, SandboxSpecs.SandboxUser)], cancellationToken);
            var evidence = GraderEvidence.Read(Path.Combine(paths.Evidence, GraderEvidence.FileName));
            return new GradeResult(prepared.Image, run, GraderOutput.Tail(paths.GraderStdout), GraderOutput.Tail(paths.GraderStderr))
            {
                Evidence = evidence,
                Files = files,
            };
        }
        finally
        {
            FileTree.Delete(paths.GradedWorkspace);
        }
    }

    private static string? NotRunReason(Tasks.TaskDefinition task) =>
        !File.Exists(Path.Combine(task.TestsDirectory, "test.sh")) ? $"the grader is missing: {Path.Combine(task.TestsDirectory, "test.sh")} does not exist"
        : task.Surface is null ? $"task '{task.Id}' declares no solution surface (task.yaml 'surface:')"
        : null;

    /// <summary>The grader's container with its early inputs (everything but the agent's files, which <see cref="GradeAsync"/> adds).</summary>
    private static ContainerSpec Spec(CellWork work, string image)
    {
        var task = work.Cell.Task;
        var paths = work.Paths;
        var copyIn = new List<DirectoryCopyIn>
        {
            new(task.TestsDirectory, GraderPath, Root, ReadOnly: true, Private: true),
            // An empty evidence directory doubles as the stand-in for trees a task does not have.
            new(Existing(task.WorkspaceDirectory) ?? paths.Evidence, SeedPath, Root, ReadOnly: true, Private: true),
            new(Existing(task.SolutionDirectory) ?? paths.Evidence, SolutionPath, Root, ReadOnly: true, Private: true),
            new(paths.Evidence, EvidencePath, Root, Private: true),
        };
        if (Existing(Path.Combine(task.TestsDirectory, "runner")) is { } runner) copyIn.Add(new(runner, RunnerPath, Root, ReadOnly: true));
        if (Existing(task.GraderLibraryDirectory) is { } library) copyIn.Add(new(library, LibraryPath, Root, ReadOnly: true));
        // The sandbox, except that the driver starts as root with the few capabilities it needs to run the agent's code as uid 1000.
        return SandboxSpecs.ForCell(work, "grader", image, ["bash", $"{GraderPath}/test.sh"], work.Cell.Timeouts.Grader, paths.GraderStdout, paths.GraderStderr) with
        {
            User = Root,
            CapAdd = DriverCapabilities,
            Environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["HOME"] = "/root",
                ["HB_TASK_ID"] = task.Id,
                ["HB_CHECKS"] = task.Checks.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["HB_GRADER_BUDGET_MS"] = ((long)GraderBudget.For(work.Cell.Timeouts.Grader).TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            CopyIn = copyIn,
            CopyOut = [new DirectoryCopyOut(EvidencePath, paths.Evidence)],
        };
    }

    private static string? Existing(string directory) => Directory.Exists(directory) ? directory : null;
}

/// <summary>The grader driver's time (HB_GRADER_BUDGET_MS): its container's limit minus a margin, so that it finishes, with evidence, before the container is killed.</summary>
public static class GraderBudget
{
    public static TimeSpan For(TimeSpan graderTimeout)
    {
        var margin = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(5).Ticks, graderTimeout.Ticks / 10));
        return graderTimeout > 2 * margin ? graderTimeout - margin : graderTimeout / 2;
    }
}
