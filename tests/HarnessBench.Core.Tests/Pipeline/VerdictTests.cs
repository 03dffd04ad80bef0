using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Results;
using HarnessBench.Core.Runtime;

namespace HarnessBench.Core.Tests.Pipeline;

public class VerdictTests
{
    [Fact]
    public async Task Agent_timeout_is_an_error_and_is_not_graded()
    {
        using var h = new PipelineHarness();
        h.Runtime.OnAgent = (c, _) => Task.FromResult(c.TimedOut());

        var result = await h.RunAsync();

        Assert.Equal((Verdict.Error, ErrorKind.AgentTimeout), (result.Verdict, result.ErrorKind!.Value));
        Assert.Equal("the agent did not finish within 10m; not graded", result.ErrorMessage);
        Assert.Empty(h.Runtime.SpecsFor("grader"));
        Assert.Null(result.GraderExitCode);
        Assert.Null(result.Images.Grader);
        Assert.Null(result.Logs.GraderStdout);
    }

    [Fact]
    public async Task Agent_that_dies_at_the_memory_limit_is_still_graded_with_the_limit_recorded()
    {
        using var h = new PipelineHarness();
        h.Runtime.OnAgent = (c, _) => Task.FromResult(c.OomKilled(137));
        h.Runtime.OnGrader = (c, _) => Task.FromResult(c.Checks(0, 1));

        var result = await h.RunAsync();

        Assert.Equal((Verdict.Fail, (ErrorKind?)null, 137, true, "memory"), (result.Verdict, result.ErrorKind, result.AgentExitCode, result.AgentOomKilled, result.AgentLimit));
        Assert.Single(h.Runtime.SpecsFor("grader"));
    }

    [Fact]
    public async Task Agent_that_dies_at_the_pids_limit_is_graded_and_the_cause_is_pids_even_when_the_oom_flag_is_set()
    {
        using var h = new PipelineHarness();
        h.Runtime.OnAgent = (c, _) =>
        {
            // What the probe's bash prints after a fork bomb killed the harness (exit 134).
            c.Stderr("node: fork failed\nhbench-limits: pids.events max 4096\n");
            return Task.FromResult(c.OomKilled(134));
        };

        var result = await h.RunAsync();

        Assert.Equal((Verdict.Pass, "pids"), (result.Verdict, result.AgentLimit));
        var agent = Assert.Single(h.Runtime.SpecsFor("agent"));
        Assert.Equal(["bash", "-c"], agent.Command.Take(2));
        Assert.Equal(["hbench-agent", "true"], agent.Command.Skip(3));
    }

    [Fact]
    public async Task A_final_workspace_past_the_copy_out_limits_fails_without_grading()
    {
        using var h = new PipelineHarness();
        h.Runtime.OnAgent = (c, _) => Task.FromResult(c.Exit(0) with { CopyOutLimit = "/workspace holds more than 536870912 bytes (stopped at 'blob.7')" });

        var result = await h.RunAsync();

        Assert.Equal((Verdict.Fail, (ErrorKind?)null), (result.Verdict, result.ErrorKind));
        Assert.StartsWith("workspace-limit: /workspace holds more than 536870912 bytes (stopped at 'blob.7'); the limits are 512m and 50000 entries", result.FailReason, StringComparison.Ordinal);
        Assert.Empty(h.Runtime.SpecsFor("grader"));
        var copy = Assert.Single(h.Runtime.SpecsFor("agent")[0].CopyOut);
        Assert.Equal((536870912L, 50000), (copy.MaxBytes, copy.MaxEntries));
    }

    [Fact]
    public async Task A_pids_counter_of_zero_is_not_a_pids_limit()
    {
        using var h = new PipelineHarness();
        h.Runtime.OnAgent = (c, _) =>
        {
            c.Stderr("hbench-limits: pids.events max 0\n");
            return Task.FromResult(c.Exit(1));
        };

        var result = await h.RunAsync();

        Assert.Null(result.AgentLimit);
    }

    [Fact]
    public async Task Agent_that_survives_an_oom_kill_of_a_child_is_graded()
    {
        using var h = new PipelineHarness();
        h.Runtime.OnAgent = (c, _) => Task.FromResult(c.OomKilled(0));

        var result = await h.RunAsync();

        Assert.Equal((Verdict.Pass, true), (result.Verdict, result.AgentOomKilled));
    }

    [Fact]
    public async Task Agent_non_zero_exit_is_recorded_but_the_grader_decides()
    {
        using var h = new PipelineHarness();
        h.Runtime.OnAgent = (c, _) => Task.FromResult(c.Exit(3));

        var result = await h.RunAsync();

        Assert.Equal((Verdict.Pass, 3, 0), (result.Verdict, result.AgentExitCode, result.GraderExitCode));
        Assert.Single(h.Runtime.SpecsFor("grader"));
    }

    [Fact]
    public async Task Agent_without_exit_code_is_a_crash()
    {
        using var h = new PipelineHarness();
        h.Runtime.OnAgent = (c, _) => Task.FromResult(c.Exit(0) with { ExitCode = null });

        var result = await h.RunAsync();

        Assert.Equal(ErrorKind.AgentCrash, result.ErrorKind);
        Assert.Empty(h.Runtime.SpecsFor("grader"));
    }

    [Theory]
    [InlineData(126, ErrorKind.GraderError, "not executable")]
    [InlineData(127, ErrorKind.GraderError, "not found")]
    public async Task Grader_that_cannot_run_its_commands_before_any_agent_code_is_a_grader_error(int exitCode, ErrorKind kind, string message)
    {
        using var h = new PipelineHarness();
        h.Runtime.OnGrader = (c, _) => Task.FromResult(c.Exit(exitCode));

        var result = await h.RunAsync();

        Assert.Equal((Verdict.Error, kind, exitCode), (result.Verdict, result.ErrorKind!.Value, result.GraderExitCode));
        Assert.Contains(message, result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_driver_that_overran_its_container_is_a_grader_timeout()
    {
        using var h = new PipelineHarness();
        h.Runtime.OnGrader = (c, _) => Task.FromResult(c.TimedOut());

        var result = await h.RunAsync();

        Assert.Equal(ErrorKind.GraderTimeout, result.ErrorKind);
        Assert.StartsWith("the grader's driver did not finish within 1m", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grader_missing_at_grading_time_is_a_grader_error()
    {
        using var h = new PipelineHarness();
        File.Delete(Path.Combine(h.TaskDirectory, "tests", "test.sh"));

        var result = await h.RunAsync();

        Assert.Equal(ErrorKind.GraderError, result.ErrorKind);
        Assert.Contains("test.sh does not exist", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(h.Runtime.SpecsFor("grader"));
    }

    [Fact]
    public async Task Runtime_exception_is_an_infra_error_with_the_details_kept()
    {
        using var h = new PipelineHarness();
        h.Runtime.OnAgent = (_, _) => throw new ContainerRuntimeException("Docker is not reachable at /var/run/docker.sock. Start dockerd.");

        var result = await h.RunAsync();

        Assert.Equal((Verdict.Error, ErrorKind.Infra), (result.Verdict, result.ErrorKind!.Value));
        Assert.Equal("agent phase: Docker is not reachable at /var/run/docker.sock. Start dockerd.", result.ErrorMessage);
        Assert.Equal("cells/m__nop__hello__r1/error.log", result.Logs.Error);
        Assert.Contains("ContainerRuntimeException", File.ReadAllText(h.Work.Paths.ErrorLog), StringComparison.Ordinal);
        Assert.Empty(h.Runtime.SpecsFor("grader"));
    }

    [Fact]
    public async Task Cancellation_during_the_agent_is_recorded_as_interrupted()
    {
        using var h = new PipelineHarness();
        using var cts = new CancellationTokenSource();
        h.Runtime.OnAgent = async (c, token) =>
        {
            await cts.CancelAsync();
            await Task.Delay(Timeout.Infinite, token);
            return c.Exit(0);
        };

        var result = await h.RunAsync(cts.Token);

        Assert.Equal((Verdict.Error, ErrorKind.Interrupted), (result.Verdict, result.ErrorKind!.Value));
        Assert.Contains("during the agent phase", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Null(result.AgentExitCode);
    }

    [Fact]
    public async Task A_harness_trying_to_copy_the_tests_into_the_agent_is_stopped()
    {
        var registry = new HarnessRegistry().Add(new PeekingHarness());
        using var h = new PipelineHarness("peek", registry: registry);

        var result = await h.RunAsync();

        Assert.Equal(ErrorKind.Infra, result.ErrorKind);
        Assert.Contains("may not copy the task's tests", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(h.Runtime.Specs);
    }

    private sealed class PeekingHarness : IHarness
    {
        public string Name => "peek";

        public string? Version => "1.0";

        public HarnessInvocation CreateInvocation(HarnessContext context) =>
            new(["true"]) { CopyIn = [new DirectoryCopyIn(context.Cell.Task.Directory, "/opt/task")] };
    }
}
