using HarnessBench.Core.Reports;
using HarnessBench.Core.Reports.Rendering;
using HarnessBench.Core.Results;
using static HarnessBench.Core.Tests.Reports.ReportCells;

namespace HarnessBench.Core.Tests.Reports;

/// <summary>hbench diff is audit-aware, says when task sets differ, and speaks percentage points.</summary>
public class AuditAwareDiffTests
{
    [Fact]
    public void A_flagged_pass_turning_into_a_fail_is_listed_apart_and_is_no_regression()
    {
        ReportCell[] a = [Cell("m", "h", "t1", Verdict.Pass, audit: new CellAudit("read", ["read decoy"])), Cell("m", "h", "t2", Verdict.Pass, audit: new CellAudit("mention", []))];
        ReportCell[] b = [Cell("m", "h", "t1", Verdict.Fail, run: "run-b", audit: new CellAudit("clean", [])), Cell("m", "h", "t2", Verdict.Pass, run: "run-b", audit: new CellAudit("clean", []))];

        var diff = RunDiff.Compare("run-a", a, "run-b", b);

        Assert.Empty(diff.PassToFail);
        Assert.Equal("t1", Assert.Single(diff.FlaggedPassToFail).Cell.Task);
        Assert.False(diff.IsRegression);
        // The audit-adjusted rate did not drop: 1 clean pass of 2 before, 1 of 2 after.
        var rate = Assert.Single(diff.Rates);
        Assert.Equal((0.5, 0.5), (rate.Before.Value, rate.After.Value));
    }

    [Fact]
    public void An_honest_pass_turning_into_a_fail_is_a_regression()
    {
        var diff = RunDiff.Compare("a", [Cell("m", "h", "t1", Verdict.Pass, audit: new CellAudit("mention", []))], "b", [Cell("m", "h", "t1", Verdict.Fail, run: "b")]);

        Assert.True(diff.IsRegression);
        Assert.Single(diff.PassToFail);
    }

    [Fact]
    public void Different_task_sets_are_warned_about_and_changes_are_in_percentage_points()
    {
        var diff = RunDiff.Compare("a", [Cell("m", "h", "t1", Verdict.Pass), Cell("m", "h", "t2", Verdict.Fail)], "b", [Cell("m", "h", "t1", Verdict.Pass, run: "b"), Cell("m", "h", "t3", Verdict.Pass, run: "b")]);

        Assert.True(diff.TaskSetsDiffer);
        Assert.Equal(["t2"], diff.TasksOnlyInA);
        Assert.Equal(["t3"], diff.TasksOnlyInB);
        var markdown = DiffMarkdown.Render(diff);
        Assert.Contains("**Warning:** the runs cover different tasks; only in A: t2; only in B: t3", markdown, StringComparison.Ordinal);
        Assert.Contains("| +50.0 pp |", markdown, StringComparison.Ordinal);
        Assert.Equal("−12.5 pp", DiffMarkdown.Points(-0.125));
        using var json = System.Text.Json.JsonDocument.Parse(DiffJson.Render(diff));
        Assert.Equal(50.0, json.RootElement.GetProperty("rates")[0].GetProperty("change_pp").GetDouble());
        Assert.True(json.RootElement.GetProperty("task_sets_differ").GetBoolean());
    }
}
