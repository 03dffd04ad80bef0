using HarnessBench.Core.Results;
using HarnessBench.Core.Runtime;

namespace HarnessBench.Core.Tests.Pipeline;

public class CellPipelineTests
{
    [Fact]
    public async Task Passing_grader_gives_pass_with_exit_codes_images_logs_and_times()
    {
        using var h = new PipelineHarness();
        h.Runtime.OnAgent = (c, _) =>
        {
            h.Clock.Advance(TimeSpan.FromSeconds(5));
            File.WriteAllText(c.PathOf("/workspace/answer.txt"), "42");
            return Task.FromResult(c.Exit(0, process: TimeSpan.FromSeconds(4)));
        };
        h.Runtime.OnGrader = (c, _) =>
        {
            h.Clock.Advance(TimeSpan.FromSeconds(2));
            c.Stdout("1 passed\n");
            var passed = File.Exists(c.PathOf("/workspace/answer.txt")) ? 1 : 0;
            return Task.FromResult(c.Checks(passed, 1, process: TimeSpan.FromMilliseconds(1500)));
        };

        var result = await h.RunAsync();

        Assert.Equal((Verdict.Pass, (ErrorKind?)null, (string?)null), (result.Verdict, result.ErrorKind, result.ErrorMessage));
        Assert.Equal((0, 0, false), (result.AgentExitCode, result.GraderExitCode, result.AgentOomKilled));
        Assert.Equal(new CellTimings(0, 5000, 2000, 7000, 4000, 1500, 1500), result.Timings);
        Assert.Equal(new CellImages(new CellImage("hb/python+nop", "sha256:hb/python+nop"), new CellImage("hb/python", "sha256:hb/python")), result.Images);
        Assert.Equal("1 passed\n", result.GraderStdoutTail);
        Assert.Equal("", result.GraderStderrTail);
        Assert.Equal(("p", "session-1", "m__nop__hello__r1", "m", "nop", "hello", 1), (result.RunId, result.SessionId, result.CellId, result.Model, result.Harness, result.Task, result.Repeat));
        Assert.Equal(h.Cell.DefinitionHash, result.DefinitionHash);
        Assert.Null(result.HarnessVersion);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), result.StartedAt);
        Assert.Equal(result.StartedAt.AddSeconds(7), result.FinishedAt);
        const string cell = "cells/m__nop__hello__r1";
        Assert.Equal(new CellLogs($"{cell}/agent.stdout.log", $"{cell}/agent.stderr.log", $"{cell}/grader.stdout.log", $"{cell}/grader.stderr.log", $"{cell}/workspace", null), result.Logs);
        Assert.Equal("42", File.ReadAllText(Path.Combine(h.Work.Paths.Workspace, "answer.txt")));
    }

    [Fact]
    public async Task Agent_container_gets_only_the_workspace_no_network_user_1000_limits_and_timeout()
    {
        using var h = new PipelineHarness(taskYaml: "resources: { memory: 1g, pids: 99 }");

        await h.RunAsync();

        var agent = Assert.Single(h.Runtime.SpecsFor("agent"));
        Assert.Equal("hb/python+nop", agent.Image);
        // The harness's argv behind the limit probe (AgentLimitProbe), which reports which limit it hit.
        Assert.Equal(["bash", "-c", "hbench-agent", "true"], agent.Command.Where((_, i) => i != 2));
        Assert.Contains("pids.events", agent.Command[2], StringComparison.Ordinal);
        Assert.False(agent.NetworkEnabled);
        Assert.Empty(agent.Mounts);
        Assert.Equal(("1000:1000", "/workspace"), (agent.User, agent.WorkingDirectory));
        Assert.Equal(TimeSpan.FromMinutes(10), agent.Timeout);
        Assert.Equal((1L << 30, 99L), (agent.Limits.MemoryBytes, agent.Limits.Pids));
        Assert.Equal([new DirectoryCopyIn(h.Work.Paths.Workspace, "/workspace", "1000:1000", ReadOnly: false)], agent.CopyIn);
        Assert.Equal([new DirectoryCopyOut("/workspace", h.Work.Paths.Workspace) { MaxBytes = 512L << 20, MaxEntries = 50_000 }], agent.CopyOut);
        Assert.Equal((h.Work.Paths.AgentStdout, h.Work.Paths.AgentStderr), (agent.StdoutPath, agent.StderrPath));
        Assert.Equal("m__nop__hello__r1", agent.Labels[ManagedLabels.Cell]);
        Assert.Equal(("p", "session-1"), (agent.Labels[ManagedLabels.Run], agent.Labels[ManagedLabels.Session]));
        Assert.DoesNotContain(agent.Environment.Keys, k => k == "HB_SCORE_FILE");
    }

    [Fact]
    public async Task Grader_is_a_new_privilege_separated_container_with_hidden_files_root_only()
    {
        using var h = new PipelineHarness();
        File.WriteAllText(Path.Combine(h.TaskDirectory, "tests", "runner.txt"), "not the runner dir");
        Directory.CreateDirectory(Path.Combine(h.TaskDirectory, "tests", "runner"));
        h.Runtime.OnAgent = (c, _) =>
        {
            // An agent that plants a fake grader in its workspace must not influence grading.
            Directory.CreateDirectory(c.PathOf("/workspace/tests"));
            File.WriteAllText(c.PathOf("/workspace/tests/test.sh"), "exit 0");
            return Task.FromResult(c.Exit(0));
        };
        string? testsSeen = null;
        h.Runtime.OnGrader = (c, _) =>
        {
            testsSeen = File.ReadAllText(c.PathOf("/hbench/grader/test.sh"));
            return Task.FromResult(c.Checks(0, 1));
        };

        var result = await h.RunAsync();

        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Equal("test -f /workspace/answer.txt\n", testsSeen);
        var grader = Assert.Single(h.Runtime.SpecsFor("grader"));
        Assert.Equal("hb/python", grader.Image);
        Assert.Equal(["bash", "/hbench/grader/test.sh"], grader.Command);
        Assert.False(grader.NetworkEnabled);
        // The driver is root with just enough capabilities to run the agent's code as uid 1000 and stop it.
        Assert.Equal(("0:0", "/workspace"), (grader.User, grader.WorkingDirectory));
        Assert.Equal(["SETUID", "SETGID", "KILL", "DAC_OVERRIDE", "CHOWN", "FOWNER"], grader.CapAdd);
        Assert.Equal(TimeSpan.FromMinutes(1), grader.Timeout);
        Assert.Equal(
        [
            new DirectoryCopyIn(Path.Combine(h.TaskDirectory, "tests"), "/hbench/grader", "0:0", ReadOnly: true, Private: true),
            new DirectoryCopyIn(Path.Combine(h.TaskDirectory, "workspace"), "/hbench/seed", "0:0", ReadOnly: true, Private: true),
            new DirectoryCopyIn(Path.Combine(h.TaskDirectory, "solution"), "/hbench/solution", "0:0", ReadOnly: true, Private: true),
            new DirectoryCopyIn(h.Work.Paths.Evidence, "/hbench/evidence", "0:0", Private: true),
            new DirectoryCopyIn(Path.Combine(h.TaskDirectory, "tests", "runner"), "/hbench/runner", "0:0", ReadOnly: true),
            // The agent's files go in last, when the prepared grader is released (GraderHeadStartTests).
            new DirectoryCopyIn(h.Work.Paths.GradedWorkspace, "/workspace", "1000:1000"),
        ], grader.CopyIn);
        Assert.Equal([new DirectoryCopyOut("/hbench/evidence", h.Work.Paths.Evidence)], grader.CopyOut);
        Assert.Equal(("1", "54000", "hello"), (grader.Environment["HB_CHECKS"], grader.Environment["HB_GRADER_BUDGET_MS"], grader.Environment["HB_TASK_ID"]));
        Assert.DoesNotContain("HB_SCORE_FILE", grader.Environment.Keys);
        Assert.NotEqual(h.Runtime.SpecsFor("agent")[0].Name, grader.Name);
        Assert.False(Directory.Exists(h.Work.Paths.GradedWorkspace)); // composed for the grader, removed after
    }

    [Fact]
    public async Task The_grader_sees_the_seed_plus_only_the_agents_surface_files()
    {
        using var h = new PipelineHarness(taskYaml: "");
        File.WriteAllText(Path.Combine(h.TaskDirectory, "workspace", "answer.txt"), "seed answer\n");
        h.Runtime.OnAgent = (c, _) =>
        {
            File.WriteAllText(c.PathOf("/workspace/answer.txt"), "42");
            File.WriteAllText(c.PathOf("/workspace/conftest.py"), "import os; os._exit(0)");
            File.WriteAllText(c.PathOf("/workspace/README.md"), "changed by the agent");
            return Task.FromResult(c.Exit(0));
        };
        var seen = new Dictionary<string, string?>();
        h.Runtime.OnGrader = (c, _) =>
        {
            foreach (var name in new[] { "answer.txt", "conftest.py", "README.md" })
                seen[name] = File.Exists(c.PathOf($"/workspace/{name}")) ? File.ReadAllText(c.PathOf($"/workspace/{name}")) : null;
            return Task.FromResult(c.Checks(1, 1));
        };

        var result = await h.RunAsync();

        Assert.Equal("42", seen["answer.txt"]);
        Assert.Null(seen["conftest.py"]);
        Assert.Equal("seed\n", seen["README.md"]);
        Assert.Equal(["answer.txt"], result.Graded!.Surface);
        Assert.Equal(["README.md", "conftest.py"], result.Graded.Ignored);
        Assert.Equal(2, result.Graded.IgnoredCount);
        Assert.Equal("import os; os._exit(0)", File.ReadAllText(Path.Combine(h.Work.Paths.Workspace, "conftest.py"))); // kept for the audit
    }

    [Fact]
    public async Task Failing_checks_give_fail_with_the_count_the_first_failure_and_the_output_tail()
    {
        using var h = new PipelineHarness(taskYaml: "");
        h.Runtime.OnGrader = (c, _) =>
        {
            c.Stdout(new string('x', 10_000) + "\nFAIL check 1\n");
            c.Stderr("AssertionError\n");
            return Task.FromResult(c.Checks(0, 1));
        };

        var result = await h.RunAsync();

        Assert.Equal((Verdict.Fail, (ErrorKind?)null, (string?)null, 0), (result.Verdict, result.ErrorKind, result.ErrorMessage, result.GraderExitCode));
        Assert.Equal("checks 0/1: check 1 (got 1)", result.FailReason);
        Assert.Equal(new CellChecks(0, 1, 1, true) { Failed = ["check 1: got 1"] }, result.Checks, new ChecksComparer());
        Assert.Equal(4096, result.GraderStdoutTail!.Length);
        Assert.EndsWith("\nFAIL check 1\n", result.GraderStdoutTail, StringComparison.Ordinal);
        Assert.Equal("AssertionError\n", result.GraderStderrTail);
    }

    private sealed class ChecksComparer : IEqualityComparer<CellChecks?>
    {
        public bool Equals(CellChecks? x, CellChecks? y) => x == y || (x is not null && y is not null && x with { Failed = [] } == y with { Failed = [] } && x.Failed.SequenceEqual(y.Failed));

        public int GetHashCode(CellChecks? obj) => 0;
    }
}

/// <summary>The grader's head start: its container is prepared while the agent runs and removed whatever the cell's outcome.</summary>
public class GraderHeadStartTests
{
    [Fact]
    public async Task The_grader_is_prepared_while_the_agent_runs_with_only_the_hidden_files_and_gets_the_workspace_when_released()
    {
        using var h = new PipelineHarness();
        h.Runtime.OnAgent = async (c, ct) =>
        {
            // Fails (times out) if the grader is only prepared after the agent.
            await h.Runtime.GraderPrepared.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            File.WriteAllText(c.PathOf("/workspace/answer.txt"), "42");
            return c.Exit(0);
        };

        var result = await h.RunAsync();

        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.Equal(["prepare:grader", "run:grader", "dispose:grader"], h.Runtime.Prepared);
        var (spec, late) = Assert.Single(h.Runtime.PreparedSpecs);
        Assert.DoesNotContain(spec.CopyIn, c => c.ContainerPath == "/workspace");
        Assert.Contains(spec.CopyIn, c => c.ContainerPath == "/hbench/grader");
        var workspace = Assert.Single(late!);
        Assert.Equal(("/workspace", "1000:1000"), (workspace.ContainerPath, workspace.Owner));
    }

    [Fact]
    public async Task A_cell_the_agent_decides_never_releases_the_prepared_grader_and_removes_it()
    {
        using var h = new PipelineHarness();
        h.Runtime.OnAgent = (c, _) => Task.FromResult(c.TimedOut());

        var result = await h.RunAsync();

        Assert.Equal((Verdict.Error, ErrorKind.AgentTimeout), (result.Verdict, result.ErrorKind));
        Assert.Null(result.GraderExitCode);
        Assert.Equal(["prepare:grader", "dispose:grader"], h.Runtime.Prepared);
        Assert.Empty(h.Runtime.SpecsFor("grader"));
    }

    [Fact]
    public async Task A_cancelled_agent_still_removes_the_prepared_grader()
    {
        using var h = new PipelineHarness();
        using var cancel = new CancellationTokenSource();
        h.Runtime.OnAgent = async (c, ct) =>
        {
            await h.Runtime.GraderPrepared.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            await cancel.CancelAsync();
            ct.ThrowIfCancellationRequested();
            return c.Exit(0);
        };

        var result = await h.RunAsync(cancel.Token);

        Assert.Equal((Verdict.Error, ErrorKind.Interrupted), (result.Verdict, result.ErrorKind));
        Assert.Equal(["prepare:grader", "dispose:grader"], h.Runtime.Prepared);
    }
}
