using System.Diagnostics;
using System.Text.Json;
using HarnessBench.Core.Agents;
using HarnessBench.Core.Config;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Tasks;
using HarnessBench.Core.Trajectories;

namespace HarnessBench.Gateway.Tests.Isolation;

/// <summary>
/// The built-in bare loop and single-shot cells through the real pipeline: real containers from the
/// shipped toolchain images, the real gateway on a unix socket, the shipped scripted models.
/// </summary>
public sealed class BareAndSingleShotEndToEndTests
{
    [DockerFact]
    public async Task Bare_passes_with_the_oracle_model_and_fails_with_nop()
    {
        await using var e2e = await EndToEndStack.StartAsync();
        var tasks = Tasks(e2e, "py-word-freq", "sql-top-customers");
        var pipeline = Pipeline(e2e);
        var run = new RunContext("bare", "s1", e2e.Directory.Combine("run"));

        foreach (TaskDefinition task in tasks)
        {
            CellResult oracle = await RunCellAsync(pipeline, run, task, BareHarness.HarnessName, "harnesses/scripted/oracle.yaml");
            CellResult nop = await RunCellAsync(pipeline, run, task, BareHarness.HarnessName, "harnesses/scripted/nop.yaml");

            Assert.True(oracle.Verdict == Verdict.Pass, Describe(oracle, run));
            Assert.Equal(0, oracle.AgentExitCode);
            Assert.Contains("write_file", oracle.Metering!.ToolNames);
            Assert.Contains("run_command", oracle.Metering.ToolNames);
            Assert.True(oracle.Metering.Requests >= 2, Describe(oracle, run));
            Assert.Equal(BareOptions.Default.Version, oracle.HarnessVersion);
            var events = Trajectory(oracle, run);
            Assert.Contains(events, e => e.Kind == TrajectoryEventKind.ToolCall && e.ToolName == "write_file");
            Assert.Contains(events, e => e.Kind == TrajectoryEventKind.ToolResult && e.Text!.StartsWith("wrote ", StringComparison.Ordinal));
            string log = Read(run, oracle.Logs.AgentStdout);
            Assert.Contains("turn 1: 1 tool call(s)", log, StringComparison.Ordinal);
            Assert.Contains("end: answered", log, StringComparison.Ordinal);

            Assert.True(nop.Verdict == Verdict.Fail, Describe(nop, run));
            Assert.Equal(1, nop.Metering!.Requests);
        }
    }

    [DockerFact]
    public async Task Bare_tools_run_sandboxed_and_the_container_is_removed()
    {
        await using var e2e = await EndToEndStack.StartAsync();
        var task = Tasks(e2e, "py-word-freq").Single();
        string script = e2e.Directory.Write("probe.yaml", """
            - shell: "id -u; id -g; ls /sys/class/net; grep CapEff /proc/self/status; pwd; ls /tests /run/hbench 2>&1; python3 -c 'import socket; socket.create_connection((\"1.1.1.1\", 53), 2)' 2>&1 | tail -1"
            - say: done
            """);
        var run = new RunContext("bare-probe", "s1", e2e.Directory.Combine("run"));

        CellResult result = await RunCellAsync(Pipeline(e2e), run, task, BareHarness.HarnessName, script);

        var output = Trajectory(result, run).Single(e => e.Kind == TrajectoryEventKind.ToolResult).Text!;
        string[] lines = output.Split('\n');
        Assert.Equal("exit code: 0", lines[0]);
        Assert.Equal(["1000", "1000", "lo"], lines[2..5]);
        Assert.Equal("CapEff:\t0000000000000000", lines[5]);
        Assert.Equal("/workspace", lines[6]);
        Assert.Contains("ls: cannot access '/tests': No such file or directory", output, StringComparison.Ordinal);
        Assert.Contains("ls: cannot access '/run/hbench': No such file or directory", output, StringComparison.Ordinal);
        Assert.Contains("Network is unreachable", output, StringComparison.Ordinal);
        string cellLabel = $"label={ManagedLabels.Cell}={result.CellId}";
        Assert.Equal("", await DockerPs(cellLabel));
    }

    [DockerFact]
    public async Task An_exec_session_kills_slow_commands_caps_output_and_is_removed_on_dispose()
    {
        await using var e2e = await EndToEndStack.StartAsync(gateway: false);
        var image = e2e.Images.ResolveTag("python");
        var spec = SandboxSpecs.Create(image, ["sleep", "300"], "exec-session-test", TimeSpan.FromMinutes(5), SandboxLimits.Default, e2e.Directory.Combine("c.log"), e2e.Directory.Combine("c.log")) with
        {
            Labels = new Dictionary<string, string> { [ManagedLabels.Cell] = "exec-session-" + Guid.NewGuid().ToString("N")[..8] },
        };
        string id;
        await using (IContainerSession session = await e2e.Runtime.StartAsync(spec, CancellationToken.None))
        {
            id = session.ContainerId;
            // The command would sleep 300 s and its limit is 2 s. The cap is a hang guard, not a
            // measurement: only a limit that is not enforced comes near it, however loaded the machine.
            var stopwatch = Stopwatch.StartNew();
            ExecOutcome slow = await session.ExecAsync(["sleep", "300"], new ExecLimits(TimeSpan.FromSeconds(2), 1024), CancellationToken.None);
            Assert.True(slow.TimedOut);
            Assert.Null(slow.ExitCode);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromMinutes(2), $"took {stopwatch.Elapsed}: the exec's 2 s limit was not enforced");
            ExecOutcome big = await session.ExecAsync(["head", "-c", "5000", "/dev/zero"], new ExecLimits(TimeSpan.FromMinutes(2), 1024), CancellationToken.None);
            Assert.Equal((0, true, 1024), (big.ExitCode, big.Truncated, big.Stdout.Length));
            ExecOutcome failing = await session.ExecAsync(["sh", "-c", "echo oops >&2; exit 7"], ExecLimits.Default, CancellationToken.None);
            Assert.Equal((7, "oops\n"), (failing.ExitCode, failing.Stderr));
            Assert.NotEqual("", await DockerPs($"id={id}", all: false)); // still running between execs
        }

        Assert.Equal("", await DockerPs($"id={id}"));
    }

    [DockerFact]
    public async Task A_single_shot_task_passes_with_an_unfenced_scripted_answer_and_fails_with_nop()
    {
        await using var e2e = await EndToEndStack.StartAsync();
        var task = Tasks(e2e, "py-merge-intervals").Single();
        Assert.Equal(new SingleShotAnswer("intervals.py"), task.SingleShot);
        var pipeline = Pipeline(e2e);
        var run = new RunContext("single-shot", "s1", e2e.Directory.Combine("run"));

        CellResult oracle = await RunCellAsync(pipeline, run, task, SingleShotHarness.HarnessName, "harnesses/scripted/single-shot-oracle.yaml");
        CellResult nop = await RunCellAsync(pipeline, run, task, SingleShotHarness.HarnessName, "harnesses/scripted/nop.yaml");

        Assert.True(oracle.Verdict == Verdict.Pass, Describe(oracle, run));
        Assert.Equal(1, oracle.Metering!.Requests);
        Assert.True(oracle.Metering.CompletionTokens > 0);
        Assert.Empty(oracle.Metering.ToolNames);
        string log = Read(run, oracle.Logs.AgentStdout);
        Assert.Contains("(unfenced reply after 2 leading prose/blank line(s))", log, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Path.Combine(task.SolutionDirectory, "intervals.py")), File.ReadAllText(Path.Combine(run.RunDirectory, oracle.Logs.Workspace!, "intervals.py")));
        Assert.True(nop.Verdict == Verdict.Fail, Describe(nop, run));
        Assert.Equal(1, nop.Metering!.Requests);
    }

    private static List<TaskDefinition> Tasks(EndToEndStack e2e, params string[] ids)
    {
        var tasks = TaskRepository.Load(Path.Combine(e2e.Repo, "tasks")).Tasks.Where(t => ids.Contains(t.Id)).ToList();
        Assert.Equal(ids.Length, tasks.Count);
        return tasks;
    }

    private static CellPipeline Pipeline(EndToEndStack e2e) => e2e.Pipeline(e2e.ToolchainImages(), HarnessRegistry.CreateWithBuiltIns());

    private static async Task<CellResult> RunCellAsync(CellPipeline pipeline, RunContext run, TaskDefinition task, string harness, string script)
    {
        var model = new ModelSpec(Path.GetFileNameWithoutExtension(script), ModelKinds.Scripted,
            JsonSerializer.SerializeToElement(new { script }), ModelMetadata.Empty);
        var cell = new Cell(CellId.Create(model.Name, harness, task.Id, 1), model, harness, harness == BareHarness.HarnessName ? BareOptions.Default.Version : null, task, 1,
            new CellTimeouts(TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(2)), new SandboxLimits(1.0, 2L << 30, 512, 512L << 20), "sha256:test")
        {
            Bare = harness == BareHarness.HarnessName ? BareOptions.Default : null,
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        return await pipeline.RunAsync(CellWork.Create(cell, run), timeout.Token);
    }

    private static IReadOnlyList<TrajectoryEvent> Trajectory(CellResult result, RunContext run)
    {
        Assert.True(result.Logs.Trajectory is not null, Describe(result, run));
        using var reader = File.OpenText(Path.Combine(run.RunDirectory, result.Logs.Trajectory!));
        return TrajectoryReader.Read(reader);
    }

    private static async Task<string> DockerPs(string filter, bool all = true)
    {
        var info = new ProcessStartInfo("docker") { RedirectStandardOutput = true };
        foreach (string arg in (string[])["ps", .. all ? ["-a"] : Array.Empty<string>(), "-q", "--filter", filter]) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Trim();
    }

    private static string Read(RunContext run, string? relative) =>
        relative is null || !File.Exists(Path.Combine(run.RunDirectory, relative)) ? "" : File.ReadAllText(Path.Combine(run.RunDirectory, relative));

    private static string Describe(CellResult result, RunContext run) =>
        $"{result.Verdict} {result.ErrorKind} {result.ErrorMessage}\nagent stdout: {Read(run, result.Logs.AgentStdout)}\nagent stderr: {Read(run, result.Logs.AgentStderr)}\n"
        + $"grader: {result.GraderStdoutTail} {result.GraderStderrTail}\nerror.log: {Read(run, result.Logs.Error)}";
}
