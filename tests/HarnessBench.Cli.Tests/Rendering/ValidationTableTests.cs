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

    [Fact]
    public void Json_and_junit_name_the_unmet_requirement_and_skip_an_unavailable_task()
    {
        var report = TaskValidationReport.Evaluate([Task("broken"), Task("needs-index")],
            [
                Cell("broken", "oracle", Verdict.Fail, failReason: "checks 1/2"), Cell("broken", "nop", Verdict.Pass),
                Cell("needs-index", "oracle", Verdict.Error, ErrorKind.TaskUnavailable, "cannot install pyarrow"),
            ],
            Expected, _ => GraderEvidence.Missing);

        using var json = System.Text.Json.JsonDocument.Parse(ValidationOutputs.Json(report));
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        var tasks = json.RootElement.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(["invalid", "unavailable"], tasks.Select(t => t.GetProperty("status").GetString()));
        var nop = tasks[0].GetProperty("references").EnumerateArray().Single(r => r.GetProperty("harness").GetString() == "nop");
        Assert.Equal(("fail", "pass", false), (nop.GetProperty("expected").GetString(), nop.GetProperty("got").GetString(), nop.GetProperty("ok").GetBoolean()));

        var path = Path.Combine(Path.GetTempPath(), $"hbench-junit-{Guid.NewGuid():N}.xml");
        ValidationOutputs.WriteJUnit(path, report);
        var xml = System.Xml.Linq.XDocument.Load(path).Root!;
        File.Delete(path);
        var cases = xml.Descendants("testcase").ToDictionary(c => $"{c.Attribute("classname")!.Value}/{c.Attribute("name")!.Value}");
        Assert.Equal("broken oracle: fail: checks 1/2", cases["broken/oracle must pass"].Element("failure")?.Attribute("message")?.Value);
        Assert.Equal("broken nop: pass", cases["broken/nop must fail"].Element("failure")?.Attribute("message")?.Value);
        Assert.NotNull(cases["broken/wrong must fail"].Element("skipped"));
        Assert.Contains("not measured", cases["broken/grader fits its budget"].Element("skipped")?.Attribute("message")?.Value, StringComparison.Ordinal);
        Assert.Contains("cannot install pyarrow", cases["needs-index/image"].Element("skipped")?.Attribute("message")?.Value, StringComparison.Ordinal);
        Assert.Equal(("2", "3"), (xml.Attribute("failures")?.Value, xml.Attribute("skipped")?.Value));
    }
}
