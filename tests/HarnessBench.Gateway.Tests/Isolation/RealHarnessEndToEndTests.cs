using System.Text.Json;
using HarnessBench.Core.Config;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Harnesses.Cli;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Gateway.Tests.Isolation;

/// <summary>
/// The real agent CLIs (harnesses/&lt;name&gt;/harness.yaml) in real containers (toolchain + agents layer,
/// built on first use), driven by the shipped scripted models through the gateway: the oracle script
/// must pass, the nop script must fail, the gateway must have seen the CLI's own tools, and the CLI's
/// version_command must report the version harness.yaml pins.
/// </summary>
public sealed class RealHarnessEndToEndTests
{
    [DockerFact]
    public Task Claude_code_passes_with_the_oracle_model_and_fails_with_nop() => RunAsync("claude", "Write");

    [DockerFact]
    public Task OpenCode_passes_with_the_oracle_model_and_fails_with_nop() => RunAsync("opencode", "write");

    [DockerFact]
    public Task Pi_passes_with_the_oracle_model_and_fails_with_nop() => RunAsync("pi", "write");

    [DockerFact]
    public Task Qwen_code_passes_with_the_oracle_model_and_fails_with_nop() => RunAsync("qwen", "write_file", calledTool: "run_shell_command");

    /// <param name="writeTool">The write tool the CLI offers the model.</param>
    /// <param name="calledTool">The tool the oracle script's write goes through (Qwen's write_file refuses to overwrite unread files, so the script writes through its shell).</param>
    private static async Task RunAsync(string harnessName, string writeTool, string? calledTool = null)
    {
        await using var e2e = await EndToEndStack.StartAsync();
        string repo = e2e.Repo;
        // Two tasks on two toolchains: the CLI layer must work on top of each.
        string[] taskIds = ["py-word-freq", "sql-top-customers"];
        var tasks = TaskRepository.Load(Path.Combine(repo, "tasks")).Tasks.Where(t => taskIds.Contains(t.Id)).ToList();
        Assert.Equal(taskIds.Length, tasks.Count);
        var load = HarnessDefinitionLoader.LoadFile(Path.Combine(repo, "harnesses", harnessName, HarnessDefinitionLoader.FileName));
        Assert.Empty(load.Errors);
        var harness = new CliHarness(load.Definitions.Single());
        var pipeline = e2e.Pipeline(e2e.LayeredImages(harness), HarnessRegistry.CreateWithBuiltIns().Add(harness));
        var run = new RunContext("real-" + harnessName, "s1", e2e.Directory.Combine("run"));

        foreach (TaskDefinition task in tasks)
        {
            CellResult oracle = await RunCellAsync(pipeline, run, task, harness, "oracle.yaml");
            CellResult nop = await RunCellAsync(pipeline, run, task, harness, "nop.yaml");

            Assert.True(oracle.Verdict == Verdict.Pass, Describe(oracle, run));
            Assert.True(oracle.Metering!.Requests >= 1, Describe(oracle, run));
            Assert.Contains(writeTool, oracle.Metering.ToolNames);
            Assert.Null(oracle.Metering.LastRequestError);
            Assert.True(nop.Verdict == Verdict.Fail, Describe(nop, run));
            Assert.True(nop.Metering!.Requests >= 1, Describe(nop, run));
            // The installed CLI's own version_command, run in the agent image, reports the pinned version.
            Assert.True(oracle.HarnessVersionReported == harness.Version, $"{harnessName} --version in {oracle.Images.Agent?.Reference}: {oracle.HarnessVersionReported}, pinned {harness.Version}");
            Assert.False(oracle.HarnessVersionMismatch);
            Assert.Equal(harness.Version, nop.HarnessVersionReported);
            AssertTrajectory(oracle, run, calledTool ?? writeTool);
        }
    }

    // The CLI's log, normalized: the write the gateway saw is in the trajectory too, and the
    // harness's logs directory came back (with the 'after' step's own log where it has one).
    private static void AssertTrajectory(CellResult result, RunContext run, string writeTool)
    {
        Assert.True(result.Logs.Trajectory is not null, Describe(result, run));
        using var reader = File.OpenText(Path.Combine(run.RunDirectory, result.Logs.Trajectory!));
        var events = HarnessBench.Core.Trajectories.TrajectoryReader.Read(reader);
        Assert.Contains(events, e => e.Kind == HarnessBench.Core.Trajectories.TrajectoryEventKind.ToolCall && e.ToolName == writeTool);
        Assert.NotNull(result.Logs.AgentLogs);
        Assert.DoesNotContain("after step failed", File.ReadAllText(Path.Combine(run.RunDirectory, result.Logs.AgentStderr!)), StringComparison.Ordinal);
    }

    private static async Task<CellResult> RunCellAsync(CellPipeline pipeline, RunContext run, TaskDefinition task, CliHarness harness, string script)
    {
        var model = new ModelSpec(Path.GetFileNameWithoutExtension(script), ModelKinds.Scripted,
            JsonSerializer.SerializeToElement(new { script = "harnesses/scripted/" + script }), ModelMetadata.Empty);
        var cell = new Cell(CellId.Create(model.Name, harness.Name, task.Id, 1), model, harness.Name, harness.Version, task, 1,
            new CellTimeouts(TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(2)), new SandboxLimits(1.0, 2L << 30, 512, 512L << 20), "sha256:test");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(12));
        return await pipeline.RunAsync(CellWork.Create(cell, run), timeout.Token);
    }

    private static string Describe(CellResult result, RunContext run)
    {
        string Read(string? relative) => relative is null || !File.Exists(Path.Combine(run.RunDirectory, relative)) ? "" : File.ReadAllText(Path.Combine(run.RunDirectory, relative));
        return $"{result.Verdict} {result.ErrorKind} {result.ErrorMessage}\nagent stdout: {Read(result.Logs.AgentStdout)}\nagent stderr: {Read(result.Logs.AgentStderr)}\n"
            + $"grader: {result.GraderStdoutTail} {result.GraderStderrTail}\nerror.log: {Read(result.Logs.Error)}";
    }
}
