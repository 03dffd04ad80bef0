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
            return Task.FromResult(c.Exit(File.Exists(c.PathOf("/workspace/answer.txt")) ? 0 : 1, process: TimeSpan.FromMilliseconds(1500)));
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
        Assert.Equal(["true"], agent.Command);
        Assert.False(agent.NetworkEnabled);
        Assert.Empty(agent.Mounts);
        Assert.Equal(("1000:1000", "/workspace"), (agent.User, agent.WorkingDirectory));
        Assert.Equal(TimeSpan.FromMinutes(10), agent.Timeout);
        Assert.Equal((1L << 30, 99L), (agent.Limits.MemoryBytes, agent.Limits.Pids));
        Assert.Equal([new DirectoryCopyIn(h.Work.Paths.Workspace, "/workspace", "1000:1000", ReadOnly: false)], agent.CopyIn);
        Assert.Equal([new DirectoryCopyOut("/workspace", h.Work.Paths.Workspace)], agent.CopyOut);
        Assert.Equal((h.Work.Paths.AgentStdout, h.Work.Paths.AgentStderr), (agent.StdoutPath, agent.StderrPath));
        Assert.Equal("m__nop__hello__r1", agent.Labels["io.harnessbench.cell"]);
        Assert.Equal(("p", "session-1"), (agent.Labels["io.harnessbench.run"], agent.Labels["io.harnessbench.session"]));
        Assert.DoesNotContain(agent.Environment.Keys, k => k == "HB_SCORE_FILE");
    }

    [Fact]
    public async Task Grader_is_a_new_container_with_fresh_read_only_tests_and_a_score_directory()
    {
        using var h = new PipelineHarness();
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
            testsSeen = File.ReadAllText(c.PathOf("/tests/test.sh"));
            return Task.FromResult(c.Exit(1));
        };

        var result = await h.RunAsync();

        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Equal("test -f /workspace/answer.txt\n", testsSeen);
        var grader = Assert.Single(h.Runtime.SpecsFor("grader"));
        Assert.Equal("hb/python", grader.Image);
        Assert.Equal(["bash", "/tests/test.sh"], grader.Command);
        Assert.False(grader.NetworkEnabled);
        Assert.Equal(("1000:1000", "/workspace"), (grader.User, grader.WorkingDirectory));
        Assert.Equal(TimeSpan.FromMinutes(1), grader.Timeout);
        Assert.Equal(
        [
            new DirectoryCopyIn(h.Work.Paths.Workspace, "/workspace", "1000:1000", ReadOnly: false),
            new DirectoryCopyIn(Path.Combine(h.TaskDirectory, "tests"), "/tests", "0:0", ReadOnly: true),
            new DirectoryCopyIn(h.Work.Paths.ScoreDirectory, "/hbench/score", "1000:1000", ReadOnly: false),
        ], grader.CopyIn);
        Assert.Equal([new DirectoryCopyOut("/hbench/score", h.Work.Paths.ScoreDirectory)], grader.CopyOut);
        Assert.Equal("/hbench/score/score.json", grader.Environment["HB_SCORE_FILE"]);
        Assert.NotEqual(h.Runtime.SpecsFor("agent")[0].Name, grader.Name);
    }

    [Fact]
    public async Task Failing_grader_gives_fail_with_its_exit_code_and_output_tail()
    {
        using var h = new PipelineHarness();
        h.Runtime.OnGrader = (c, _) =>
        {
            c.Stdout(new string('x', 10_000) + "\nFAILED test_answer\n");
            c.Stderr("AssertionError\n");
            return Task.FromResult(c.Exit(1));
        };

        var result = await h.RunAsync();

        Assert.Equal((Verdict.Fail, (ErrorKind?)null, (string?)null, 1), (result.Verdict, result.ErrorKind, result.ErrorMessage, result.GraderExitCode));
        Assert.Equal(4096, result.GraderStdoutTail!.Length);
        Assert.EndsWith("\nFAILED test_answer\n", result.GraderStdoutTail, StringComparison.Ordinal);
        Assert.Equal("AssertionError\n", result.GraderStderrTail);
    }

    [Fact]
    public async Task Score_file_is_read_into_the_result()
    {
        using var h = new PipelineHarness();
        h.Runtime.OnGrader = (c, _) =>
        {
            File.WriteAllText(c.PathOf("/hbench/score/score.json"), """{"tests_passed": 3, "tests_total": 5, "details": {"slow": ["t4"]}}""");
            return Task.FromResult(c.Exit(1));
        };

        var result = await h.RunAsync();

        Assert.Equal((3, 5), (result.Score!.TestsPassed, result.Score.TestsTotal));
        Assert.Equal("t4", result.Score.Details!.Value.GetProperty("slow")[0].GetString());
        Assert.Null(result.ScoreError);
        Assert.Equal(Verdict.Fail, result.Verdict); // the exit code decides, not the score
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("""{"tests_passed": 6, "tests_total": 5}""", "greater than tests_total")]
    [InlineData("""{"tests_passed": -1}""", "non-negative whole numbers")]
    [InlineData("[1, 2]", "not a JSON object")]
    public async Task Bad_score_files_are_reported_without_changing_the_verdict(string content, string error)
    {
        using var h = new PipelineHarness();
        h.Runtime.OnGrader = (c, _) =>
        {
            File.WriteAllText(c.PathOf("/hbench/score/score.json"), content);
            return Task.FromResult(c.Exit(0));
        };

        var result = await h.RunAsync();

        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.Null(result.Score);
        Assert.Contains(error, result.ScoreError, StringComparison.Ordinal);
    }
}
