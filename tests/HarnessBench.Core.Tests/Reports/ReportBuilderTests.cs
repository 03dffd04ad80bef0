using HarnessBench.Core.Config;
using HarnessBench.Core.Reports;
using HarnessBench.Core.Results;
using static HarnessBench.Core.Tests.Reports.ReportCells;

namespace HarnessBench.Core.Tests.Reports;

public class ReportBuilderTests
{
    [Fact]
    public void Errors_are_not_fails_both_rates_are_reported()
    {
        var report = ReportBuilder.Build(Input(
            Cell("m", "h", "t1", Verdict.Pass),
            Cell("m", "h", "t2", Verdict.Fail),
            Cell("m", "h", "t3", Verdict.Error, error: ErrorKind.AgentCrash),
            Cell("m", "h", "t4", Verdict.Pass)));
        var row = Assert.Single(report.Leaderboard);
        Assert.Equal((2, 3), (row.Graded.Successes, row.Graded.Trials));
        Assert.Equal((2, 4), (row.All.Successes, row.All.Trials));
        Assert.Equal(1, row.Errors);
        Assert.Equal(ErrorKind.AgentCrash, Assert.Single(report.Header.ErrorsByKind).Key);
    }

    [Fact]
    public void Leaderboard_is_ordered_by_rate_then_name_and_times_use_graded_cells()
    {
        var report = ReportBuilder.Build(Input(
            Cell("b", "h", "t1", Verdict.Pass, agentMs: 1000),
            Cell("b", "h", "t2", Verdict.Pass, agentMs: 3000),
            Cell("b", "h", "t3", Verdict.Error, agentMs: 600_000),
            Cell("a", "h", "t1", Verdict.Pass),
            Cell("a", "h", "t2", Verdict.Pass),
            Cell("c", "h", "t1", Verdict.Fail)));
        Assert.Equal(["a / h", "b / h", "c / h"], report.Leaderboard.Select(r => r.Label));
        var b = report.Leaderboard[1];
        Assert.Equal(2000, b.MeanAgentMs);
        Assert.Equal(2000, b.MedianAgentMs);
    }

    [Fact]
    public void Optional_sections_are_absent_without_their_data()
    {
        var report = ReportBuilder.Build(Input(Cell("m", "h", "t", Verdict.Pass), Cell("m", "h2", "t", Verdict.Fail)));
        Assert.Equal(new ReportColumns(false, false, false), report.Columns);
        Assert.Null(report.TokenFrontier);
        Assert.Null(report.Contamination);
        Assert.Null(report.Speed);
        Assert.Null(report.Repeats);
        Assert.Null(report.Params);
        Assert.Null(report.Pair);
        Assert.All(report.Leaderboard, r => Assert.Null(r.AuditAdjusted));
    }

    [Fact]
    public void Audit_adjusted_rate_drops_passes_labelled_read_or_worse()
    {
        var report = ReportBuilder.Build(Input(
            Cell("m", "h", "t1", Verdict.Pass, audit: new CellAudit("read", ["read canary-plain (transcript): x"])),
            Cell("m", "h", "t2", Verdict.Pass, audit: new CellAudit("probe", [])),
            Cell("m", "h", "t3", Verdict.Pass, audit: new CellAudit("execute", [])),
            Cell("m", "h", "t4", Verdict.Fail)));
        var row = Assert.Single(report.Leaderboard);
        Assert.Equal(3, row.Graded.Successes);
        Assert.Equal(1, row.AuditAdjusted!.Successes);
        var contamination = Assert.IsType<Contamination>(report.Contamination);
        Assert.Equal(2, Assert.Single(contamination.Rows).FlaggedPasses);
        Assert.Equal(["m__h__t3__r1", "m__h__t1__r1", "m__h__t2__r1"], contamination.Flagged.Select(f => f.CellId));
        // Per harness: t4 has no audit (unaudited); of the 3 audited cells only t2 (probe) is clean.
        var harness = Assert.Single(contamination.ByHarness);
        Assert.Equal((3, 3, 2, 1), (harness.Cells, harness.Passes, harness.FlaggedPasses, harness.Unaudited));
        Assert.Equal([0, 0, 1, 1, 1, 0], harness.ByLabel);
        Assert.Equal((1, 1), (harness.CleanConditional.Successes, harness.CleanConditional.Trials));
        Assert.Equal((1, 3), (harness.Conservative.Successes, harness.Conservative.Trials));
    }

    [Fact]
    public void An_incomplete_audit_without_evidence_is_unaudited_and_legacy_cells_get_a_banner()
    {
        var report = ReportBuilder.Build(Input(
            Cell("m", "h", "t1", Verdict.Pass, audit: new CellAudit("clean", []) { Error = "audit failed: boom", Decoys = "legacy-layout" }),
            Cell("m", "h", "t2", Verdict.Pass, audit: new CellAudit("read", []) { Error = "transcript: unreadable" })));
        var harness = Assert.Single(report.Contamination!.ByHarness);
        Assert.Equal((1, 1), (harness.Cells, harness.Unaudited));
        Assert.Contains(report.Header.Warnings, w => w.Contains("sandbox.layout: legacy", StringComparison.Ordinal) && w.Contains("NOT a fair evaluation", StringComparison.Ordinal));
    }

    [Fact]
    public void Metering_adds_tokens_and_speed()
    {
        var report = ReportBuilder.Build(Input(
            Cell("m", "h", "t1", Verdict.Pass, metering: new CellMetering(1000, 200, 50, 4, 300, 40, null)),
            Cell("m", "h", "t2", Verdict.Fail, metering: new CellMetering(3000, 400, null, 6, 500, 60, null))));
        Assert.True(report.Columns.Tokens);
        Assert.Equal(2300, Assert.Single(report.Leaderboard).TokensPerCell);
        var speed = Assert.Single(report.Speed!);
        Assert.Equal((2000.0, 300.0, 50.0, 400.0, 50.0, 5.0), (speed.MeanPromptTokens!.Value, speed.MeanCompletionTokens!.Value,
            speed.MeanReasoningTokens!.Value, speed.MeanTtftMs!.Value, speed.MedianTokensPerSecond!.Value, speed.MeanRequests!.Value));
        Assert.NotNull(report.TokenFrontier);
    }

    [Fact]
    public void Cost_uses_metered_cost_or_prices_per_million()
    {
        var prices = new ModelPrices(InputPerMillion: 2m, OutputPerMillion: 10m);
        Assert.Equal(0.006, ReportLoader.Cost(new CellMetering(1000, 400, null, null, null, null, null), prices)!.Value, 12); // (1000*2 + 400*10) / 1e6
        Assert.Equal(1.5, ReportLoader.Cost(new CellMetering(1000, 400, null, null, null, null, 1.5), prices));
        Assert.Null(ReportLoader.Cost(new CellMetering(1000, 400, null, null, null, null, null), null));
        Assert.Null(ReportLoader.Cost(null, prices));
    }

    [Fact]
    public void Repeats_give_spread_and_pass_at_k()
    {
        var cells = new List<ReportCell>();
        // t1 passes 1 of 3 repeats, t2 passes 3 of 3.
        foreach (var r in new[] { 1, 2, 3 })
        {
            cells.Add(Cell("m", "h", "t1", r == 2 ? Verdict.Pass : Verdict.Fail, repeat: r));
            cells.Add(Cell("m", "h", "t2", Verdict.Pass, repeat: r));
        }

        var repeats = ReportBuilder.Build(Input([.. cells])).Repeats!;
        Assert.Equal([1, 3], repeats.Ks);
        var row = Assert.Single(repeats.Rows);
        Assert.Equal(3, row.Repeats);
        Assert.Equal((0.5 + 1 + 0.5) / 3, row.MeanRate, 12);
        Assert.Equal((0.5, 1.0), (row.MinRate, row.MaxRate));
        Assert.Equal((1.0 / 3 + 1) / 2, row.PassAtK[0]!.Value, 12); // pass@1 = mean c/n
        Assert.Equal(1.0, row.PassAtK[1]!.Value, 12);               // pass@3: both tasks passed at least once
    }

    [Fact]
    public void Pair_comparison_counts_discordant_cells_and_runs_mcnemar()
    {
        var cells = new List<ReportCell>();
        for (var t = 1; t <= 8; t++)
        {
            cells.Add(Cell("m-q4", "h", $"t{t}", t <= 2 ? Verdict.Pass : Verdict.Fail));
            cells.Add(Cell("m-q8", "h", $"t{t}", t <= 8 ? Verdict.Pass : Verdict.Fail));
        }

        cells.Add(Cell("m-q8", "h", "t9", Verdict.Pass)); // unpaired: not in McNemar
        var pair = ReportBuilder.Build(Input([.. cells]), new ReportOptions("m-q4", "m-q8")).Pair!;
        Assert.Equal((8, 2, 0, 6, 0), (pair.PairedCells, pair.BothPass, pair.OnlyA, pair.OnlyB, pair.BothFail));
        Assert.Equal(0.03125, pair.PValue, 12); // 2 * (1/64)
        Assert.Equal(9, pair.Tasks.Count);
        Assert.Equal(1, pair.Tasks.Single(t => t.Task == "t3").Delta);
    }

    [Fact]
    public void Tasks_are_hardest_first_and_discrimination_lists_disagreements()
    {
        var report = ReportBuilder.Build(Input(
            Cell("a", "h", "easy", Verdict.Pass), Cell("b", "h", "easy", Verdict.Pass),
            Cell("a", "h", "split", Verdict.Pass), Cell("b", "h", "split", Verdict.Fail),
            Cell("a", "h", "hard", Verdict.Fail), Cell("b", "h", "hard", Verdict.Fail)));
        Assert.Equal(["hard", "split", "easy"], report.Tasks.Select(t => t.Task));
        var task = Assert.Single(report.Discrimination.Tasks);
        Assert.Equal(("split", 1.0), (task.Task, task.Spread));
    }

    [Fact]
    public void Sensitivity_is_the_spread_across_harnesses()
    {
        var report = ReportBuilder.Build(Input(
            Cell("m", "good", "t1", Verdict.Pass), Cell("m", "good", "t2", Verdict.Pass),
            Cell("m", "bad", "t1", Verdict.Fail), Cell("m", "bad", "t2", Verdict.Pass)));
        var s = Assert.Single(report.Sensitivity);
        Assert.Equal(("good", "bad", 0.5), (s.Best, s.Worst, s.Spread));
        Assert.Equal(2, report.Heatmap.Harnesses.Count);
    }
}
