using HarnessBench.Core.Reports;
using HarnessBench.Core.Reports.Rendering;
using HarnessBench.Core.Results;
using static HarnessBench.Core.Tests.Reports.ReportCells;

namespace HarnessBench.Core.Tests.Reports;

public sealed class BaselineSectionsTests
{
    private static CellMetering Tokens(long prompt, long completion) => new(prompt, completion, null, 1, null, null, null);

    [Fact]
    public void Uplift_is_each_harness_rate_minus_the_models_bare_rate_on_shared_tasks_and_marks_models_without_bare()
    {
        var report = ReportBuilder.Build(Input(
            Cell("m1", "bare", "t1", Verdict.Pass), Cell("m1", "bare", "t2", Verdict.Fail), Cell("m1", "bare", "t3", Verdict.Error),
            Cell("m1", "claude", "t1", Verdict.Pass), Cell("m1", "claude", "t2", Verdict.Pass),
            Cell("m1", "claude", "t9", Verdict.Fail), // bare never ran t9: left out of the comparison
            Cell("m1", "pi", "t1", Verdict.Fail), Cell("m1", "pi", "t2", Verdict.Fail),
            Cell("m1", "oracle", "t1", Verdict.Pass),
            Cell("m2", "claude", "t1", Verdict.Pass),
            Cell("m3", "bare", "t1", Verdict.Pass), Cell("m3", "pi", "t5", Verdict.Pass)));

        var rows = report.Uplift!.Rows;

        Assert.Equal(["m1/claude", "m1/pi", "m2/claude", "m3/pi"], rows.Select(r => $"{r.Model}/{r.Harness}"));
        Assert.Equal((2, 2, 2, 1, 2), (rows[0].SharedTasks, rows[0].Harnessed.Successes, rows[0].Harnessed.Trials, rows[0].Bare!.Successes, rows[0].Bare!.Trials));
        Assert.Equal(0.5, rows[0].Delta!.Value, 9);
        Assert.Equal(-0.5, rows[1].Delta!.Value, 9);
        Assert.Null(rows[2].Bare);
        Assert.Null(rows[2].Delta);

        var markdown = MarkdownReport.Render(ReportLayout.Layout(report));
        Assert.Contains("## Harness uplift over the bare loop", markdown, StringComparison.Ordinal);
        Assert.Contains("| m1 | claude | 2 | 100.0% (2/2) | 50.0% (1/2) | +50.0 pp |", markdown, StringComparison.Ordinal);
        Assert.Contains("| m1 | pi | 2 | 0.0% (0/2) | 50.0% (1/2) | -50.0 pp |", markdown, StringComparison.Ordinal);
        Assert.Contains("| m2 | claude | – | 100.0% (1/1) | no bare cells | – |", markdown, StringComparison.Ordinal);
        Assert.Contains("| m3 | pi | 0 | – (0/0) | no shared tasks | – |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_shot_rows_give_tokens_latency_and_the_efficiency_ratio_on_shared_tasks()
    {
        var report = ReportBuilder.Build(Input(
            Cell("a", "single-shot", "s1", Verdict.Pass, agentMs: 400, metering: Tokens(100, 50)),
            Cell("a", "single-shot", "s1", Verdict.Pass, repeat: 2, agentMs: 600, metering: Tokens(100, 70)),
            Cell("a", "single-shot", "s2", Verdict.Fail, agentMs: 900, metering: Tokens(200, 300)),
            Cell("b", "single-shot", "s1", Verdict.Fail, agentMs: 1200, metering: Tokens(100, 240)),
            Cell("b", "single-shot", "s3", Verdict.Pass, agentMs: 1200, metering: Tokens(100, 999)),
            Cell("a", "bare", "t1", Verdict.Pass)));

        var s = report.SingleShot!;

        var a1 = s.Tasks.Single(t => t is { Task: "s1", Model: "a" });
        Assert.Equal((2, 2, 100.0, 60.0, 500.0), (a1.Cells, a1.Passes, a1.MeanPromptTokens, a1.MeanCompletionTokens, a1.MeanLatencyMs));
        var eff = Assert.Single(s.Efficiency);
        Assert.Equal(("a", "b", 1), (eff.ModelA, eff.ModelB, eff.SharedTasks));
        Assert.Equal(60.0 / 240.0, eff.Ratio!.Value, 9);
        Assert.Equal((2, 2, 0, 1), (eff.RateA.Successes, eff.RateA.Trials, eff.RateB.Successes, eff.RateB.Trials));
        Assert.Empty(report.Uplift!.Rows);

        var markdown = MarkdownReport.Render(ReportLayout.Layout(report));
        Assert.Contains("## Single-shot tasks", markdown, StringComparison.Ordinal);
        Assert.Contains("| a | b | 1 | 60 | 240 | 0.25x | 2/2 | 0/1 |", markdown, StringComparison.Ordinal);
        Assert.Contains("No agent harness ran next to `bare` in this run.", markdown, StringComparison.Ordinal);
        Assert.Contains("Single-shot tasks", HtmlReport.Render(ReportLayout.Layout(report)), StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_without_bare_or_single_shot_cells_have_neither_section()
    {
        var report = ReportBuilder.Build(Input(Cell("m", "claude", "t1", Verdict.Pass)));

        Assert.Null(report.Uplift);
        Assert.Null(report.SingleShot);
        Assert.DoesNotContain("uplift", MarkdownReport.Render(ReportLayout.Layout(report)), StringComparison.OrdinalIgnoreCase);
    }
}
