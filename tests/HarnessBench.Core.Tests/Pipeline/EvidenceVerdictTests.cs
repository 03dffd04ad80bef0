using HarnessBench.Core.Results;

namespace HarnessBench.Core.Tests.Pipeline;

/// <summary>
/// The verdict is the grader driver's evidence, never an exit code: every way the evidence can be
/// missing, short or inconsistent, and what the agent's code can provoke, ends as the rules say.
/// </summary>
public class EvidenceVerdictTests
{
    private const string Start = """{"event": "start", "declared": 3}""";
    private const string AgentCode = """{"event": "agent-code", "argv": ["python3"]}""";

    [Fact]
    public async Task Every_declared_check_recorded_and_passed_is_a_pass()
    {
        var result = await GradeAsync(3, 0, Start, AgentCode, Check("a", true), Check("b", true), Check("c", true), Finish(3, 3));

        Assert.Equal((Verdict.Pass, (string?)null), (result.Verdict, result.FailReason));
        Assert.Equal((3, 3, 3, true), (result.Checks!.Passed, result.Checks.Total, result.Checks.Declared, result.Checks.Finished));
    }

    [Fact]
    public async Task Exit_zero_without_evidence_is_a_fail_never_a_pass()
    {
        var result = await GradeAsync(3, 0);

        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.StartsWith("no-evidence: the grader exited 0 without finishing (0/3 checks recorded as passed)", result.FailReason, StringComparison.Ordinal);
        Assert.False(result.Checks!.Finished);
    }

    [Fact]
    public async Task Short_evidence_is_a_fail_with_the_count_and_the_first_failure()
    {
        var result = await GradeAsync(3, 0, Start, AgentCode, Check("a", true), Check("b", false, "got 7"), Check("c", false), Finish(3, 1));

        Assert.Equal((Verdict.Fail, "checks 1/3: b (got 7)"), (result.Verdict, result.FailReason));
        Assert.Equal(["b: got 7", "c"], result.Checks!.Failed);
    }

    [Fact]
    public async Task All_passed_but_fewer_than_declared_is_a_fail()
    {
        var result = await GradeAsync(3, 0, Start, AgentCode, Check("a", true), Check("b", true), Finish(2, 2));

        Assert.Equal((Verdict.Fail, "checks 2/3 (2 recorded)"), (result.Verdict, result.FailReason));
    }

    [Fact]
    public async Task An_abort_gives_its_reason()
    {
        var result = await GradeAsync(3, 0, Start, AgentCode, Finish(0, 0, "the agent's code does not compile"));

        Assert.Equal("checks 0/3 (0 recorded): the agent's code does not compile", result.FailReason);
    }

    [Fact]
    public async Task A_finish_line_that_disagrees_with_the_checks_is_no_evidence()
    {
        var result = await GradeAsync(3, 0, Start, AgentCode, Check("a", false), Finish(3, 3));

        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Contains("does not match the checks it recorded (0/1)", result.FailReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_driver_stopped_after_the_agents_code_ran_is_a_fail_even_when_oom_killed()
    {
        using var h = new PipelineHarness(taskYaml: "");
        h.Runtime.OnGrader = (c, _) =>
        {
            Write(c, Start, AgentCode, Check("a", true));
            return Task.FromResult(c.OomKilled(137));
        };

        var result = await h.RunAsync();

        Assert.Equal((Verdict.Fail, (ErrorKind?)null), (result.Verdict, result.ErrorKind));
        Assert.Equal("no-evidence: the grader was OOM-killed at the 2g memory limit without finishing (1/1 checks recorded as passed)", result.FailReason);
    }

    [Fact]
    public async Task A_driver_that_crashed_after_the_agents_code_ran_is_a_fail()
    {
        var result = await GradeAsync(3, 1, Start, AgentCode);

        Assert.Equal((Verdict.Fail, "no-evidence: the grader exited 1 without finishing (0/3 checks recorded as passed)"), (result.Verdict, result.FailReason));
    }

    [Fact]
    public async Task A_driver_that_crashed_before_any_agent_code_ran_is_a_grader_error()
    {
        var result = await GradeAsync(3, 1, Start);

        Assert.Equal((Verdict.Error, ErrorKind.GraderError), (result.Verdict, result.ErrorKind!.Value));
        Assert.Equal("the grader exited 1 before running the agent's code", result.ErrorMessage);
    }

    [Fact]
    public async Task A_fault_the_driver_reports_is_a_grader_error_whatever_else_it_recorded()
    {
        var result = await GradeAsync(3, 3, Start, AgentCode, Check("a", true), """{"event": "grader-fault", "reason": "the reference build failed"}""");

        Assert.Equal((Verdict.Error, ErrorKind.GraderError), (result.Verdict, result.ErrorKind!.Value));
        Assert.Equal("the grader reported a fault of its own: the reference build failed", result.ErrorMessage);
    }

    [Fact]
    public async Task Malformed_evidence_is_no_evidence()
    {
        var result = await GradeAsync(3, 0, Start, AgentCode, "{not json", Finish(3, 3));

        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.StartsWith("no-evidence: evidence line 3 is malformed", result.FailReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_zero_exit_after_a_perfect_finish_is_a_fail()
    {
        var result = await GradeAsync(1, 2, Start, AgentCode, Check("a", true), Finish(1, 1));

        Assert.Equal((Verdict.Fail, "checks 1/1: the grader exited 2 after finishing"), (result.Verdict, result.FailReason));
    }

    [Fact]
    public async Task A_task_built_without_declared_checks_cannot_pass()
    {
        using var h = new PipelineHarness();
        var cell = h.Cell with { Task = h.Cell.Task with { Checks = 0 } };
        h.Runtime.OnGrader = (c, _) => Task.FromResult(c.Checks(1, 1));

        var result = await h.Pipeline.RunAsync(h.Work with { Cell = cell }, default);

        Assert.Equal((Verdict.Error, ErrorKind.GraderError), (result.Verdict, result.ErrorKind!.Value));
    }

    private static async Task<CellResult> GradeAsync(int declared, int exit, params string[] lines)
    {
        using var h = new PipelineHarness();
        var cell = h.Cell with { Task = h.Cell.Task with { Checks = declared } };
        h.Runtime.OnGrader = (c, _) =>
        {
            if (lines.Length > 0) Write(c, lines);
            return Task.FromResult(c.Exit(exit));
        };
        return await h.Pipeline.RunAsync(h.Work with { Cell = cell }, default);
    }

    private static void Write(Support.FakeContainer c, params string[] lines)
    {
        Directory.CreateDirectory(c.PathOf("/hbench/evidence"));
        File.WriteAllLines(c.PathOf("/hbench/evidence/evidence.jsonl"), lines);
    }

    private static string Check(string name, bool passed, string detail = "") =>
        $$"""{"event": "check", "name": "{{name}}", "passed": {{(passed ? "true" : "false")}}, "detail": "{{detail}}"}""";

    private static string Finish(int checks, int passed, string? reason = null) =>
        $$"""{"event": "finish", "checks": {{checks}}, "passed": {{passed}}, "declared": 3, "budget_worst_ms": 900{{(reason is null ? "" : $", \"reason\": \"{reason}\"")}}}""";
}
