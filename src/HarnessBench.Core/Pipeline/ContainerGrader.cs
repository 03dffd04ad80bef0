using HarnessBench.Core.Runtime;

namespace HarnessBench.Core.Pipeline;

/// <summary>
/// Stage 3: a NEW container from the task's toolchain image. The final workspace goes to
/// /workspace (owner 1000), tests/ FRESH from the task directory to /tests (owner 0:0, read-only),
/// an empty score directory to /hbench/score (back out afterwards). Runs 'bash /tests/test.sh'
/// as user 1000 with no network and the grader timeout.
/// </summary>
internal sealed class ContainerGrader(IContainerRuntime runtime, IImageResolver images) : IGrader
{
    public const string TestsPath = "/tests";
    public const string ScorePath = "/hbench/score";
    public const string ScoreFile = "score.json";

    public async Task<GradeResult> GradeAsync(CellWork work, CancellationToken cancellationToken)
    {
        var task = work.Cell.Task;
        if (!File.Exists(Path.Combine(task.TestsDirectory, "test.sh")))
            return GradeResult.NotRun($"the grader is missing: {Path.Combine(task.TestsDirectory, "test.sh")} does not exist");
        FileTree.Delete(work.Paths.ScoreDirectory);
        Directory.CreateDirectory(work.Paths.ScoreDirectory);
        var image = await images.ResolveAsync(new ImageRequest(task.Toolchain, Harness: null), cancellationToken);
        var spec = new ContainerSpec(image, ["bash", $"{TestsPath}/test.sh"], work.ContainerName("grader"), work.Cell.Timeouts.Grader,
            work.Cell.Limits, work.Paths.GraderStdout, work.Paths.GraderStderr)
        {
            User = ContainerAgentRunner.SandboxUser,
            WorkingDirectory = ContainerAgentRunner.WorkspacePath,
            Environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["HOME"] = "/tmp",
                ["HB_TASK_ID"] = task.Id,
                ["HB_SCORE_FILE"] = $"{ScorePath}/{ScoreFile}",
            },
            CopyIn =
            [
                new DirectoryCopyIn(work.Paths.Workspace, ContainerAgentRunner.WorkspacePath, ContainerAgentRunner.SandboxUser),
                new DirectoryCopyIn(task.TestsDirectory, TestsPath, Owner: "0:0", ReadOnly: true),
                new DirectoryCopyIn(work.Paths.ScoreDirectory, ScorePath, ContainerAgentRunner.SandboxUser),
            ],
            CopyOut = [new DirectoryCopyOut(ScorePath, work.Paths.ScoreDirectory)],
            Labels = work.Labels("grader"),
            NetworkEnabled = false,
        };
        var run = await runtime.RunAsync(spec, cancellationToken);
        var (score, scoreError) = GraderOutput.ReadScore(Path.Combine(work.Paths.ScoreDirectory, ScoreFile));
        return new GradeResult(image, run, GraderOutput.Tail(work.Paths.GraderStdout), GraderOutput.Tail(work.Paths.GraderStderr), score, scoreError);
    }
}
