using HarnessBench.Cli.Rendering;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Results;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Cli.Tests.Rendering;

/// <summary>The validate table's rows for unavailable tasks, imported tasks and reference solutions that exit non-zero.</summary>
public sealed class ValidationTableTests
{
    private static readonly Dictionary<string, Verdict> Expected = new(StringComparer.Ordinal) { ["oracle"] = Verdict.Pass, ["nop"] = Verdict.Fail, ["wrong"] = Verdict.Fail };

    private static TaskDefinition Task(string id, bool imported = false) =>
        new(id, id, "p", "python", Difficulty.Easy, "c", [], "python", Path.Combine(Path.GetTempPath(), "no-such-task", id), "sha256:0") { Imported = imported };

    private static CellResult Cell(string task, string harness, Verdict verdict, ErrorKind? kind = null, string? message = null, int? agentExit = 0, string? failReason = null) => new()
    {
        RunId = "v", SessionId = "s", CellId = $"none__{harness}__{task}__r1", DefinitionHash = "h", Model = "none", Harness = harness, Task = task, Repeat = 1,
        Verdict = verdict, ErrorKind = kind, ErrorMessage = message, FailReason = failReason, AgentExitCode = agentExit,
        Timings = new CellTimings(0, 0, 0, 0, 0, 0, 0), StartedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void An_unavailable_task_is_listed_apart_and_does_not_make_the_set_invalid()
    {
        var output = new StringWriter();
        var evidence = Path.Combine(Path.GetTempPath(), $"hbench-evidence-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(evidence, "{\"event\": \"check\", \"name\": \"a\", \"passed\": true}\n{\"event\": \"finish\", \"checks\": 1, \"passed\": 1, \"declared\": 1, \"budget_worst_ms\": 1000}\n");
        var valid = ValidationTable.Print([Task("imported-ok", imported: true), Task("needs-index", imported: true)],
            [
                Cell("imported-ok", "oracle", Verdict.Pass), Cell("imported-ok", "nop", Verdict.Fail),
                Cell("needs-index", "oracle", Verdict.Error, ErrorKind.TaskUnavailable, "task 'needs-index' is unavailable here: cannot install pyarrow"),
                Cell("needs-index", "nop", Verdict.Error, ErrorKind.TaskUnavailable, "task 'needs-index' is unavailable here: cannot install pyarrow"),
            ],
            Expected, _ => GraderEvidence.Read(evidence), output);
        File.Delete(evidence);

        var text = output.ToString();
        Assert.True(valid, text);
        Assert.Matches(@"(?m)^imported-ok\s+ok pass\s+ok fail\s+\(imported\)", text);
        Assert.Matches(@"(?m)^needs-index\s+unavailable here: task 'needs-index' is unavailable here: cannot install pyarrow$", text);
        Assert.Contains("all 1 task(s) valid", text, StringComparison.Ordinal);
        Assert.Contains("1 task(s) unavailable here", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_solution_that_exits_non_zero_shows_its_exit_code_and_last_lines()
    {
        var output = new StringWriter();
        var valid = ValidationTable.Print([Task("broken")],
            [Cell("broken", "oracle", Verdict.Fail, agentExit: 3, failReason: "checks 0/2"), Cell("broken", "nop", Verdict.Fail)],
            Expected, _ => GraderEvidence.Missing, output, cell => cell.Harness == "oracle" ? "make: *** [all] Error 1 | solve.sh: line 4: cc: not found" : null);

        var text = output.ToString();
        Assert.False(valid);
        Assert.Contains("broken oracle: fail: checks 0/2; the reference solution exited 3: make: *** [all] Error 1 | solve.sh: line 4: cc: not found", text, StringComparison.Ordinal);
        Assert.DoesNotContain("broken nop", text, StringComparison.Ordinal);
    }
}
