using System.Text;
using HarnessBench.Core.Audit;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Reports;
using HarnessBench.Core.Reports.Rendering;
using HarnessBench.Core.Results;
using HarnessBench.Core.Tests.Pipeline;
using HarnessBench.Core.Tests.Reports;
using ReportAudit = HarnessBench.Core.Reports.CellAudit;

namespace HarnessBench.Core.Tests.Audit;

/// <summary>
/// An audit that did not complete is "unaudited" everywhere: in the result line, cells.csv, the report's
/// label tables, and never a clean pass in an audit-adjusted rate.
/// </summary>
public sealed class UnauditedTests
{
    [Fact]
    public void A_crashed_auditor_stores_unaudited_with_the_reason_not_clean()
    {
        using var h = new PipelineHarness();
        Directory.CreateDirectory(h.Work.Paths.Workspace);

        // A canary the matcher refuses makes the auditor throw: the stage must not call that clean.
        var audit = CellAuditStage.Run(h.Work with { Canary = "short" });

        Assert.Equal(AuditSeverity.Unaudited, audit.Severity);
        Assert.Contains("audit failed", audit.Error, StringComparison.Ordinal);
        var line = Encoding.UTF8.GetString(ResultJson.Serialize(JsonlResultStoreTestsSample() with { Audit = audit }));
        Assert.Contains("\"severity\":\"unaudited\"", line, StringComparison.Ordinal);
        Assert.Equal(AuditSeverity.Unaudited, ResultJson.Deserialize(Encoding.UTF8.GetBytes(line)).Audit!.Severity);
    }

    [Fact]
    public void An_unreadable_source_without_read_or_worse_evidence_is_unaudited_but_evidence_stands()
    {
        AuditFinding Finding(AuditSeverity s) => new(s, "d", "trajectory", 0, "x");

        Assert.Equal(AuditSeverity.Unaudited, CellAuditor.Label([], ["trajectory.jsonl: bad"]));
        Assert.Equal(AuditSeverity.Unaudited, CellAuditor.Label([Finding(AuditSeverity.Probe)], ["transcript: bad"]));
        Assert.Equal(AuditSeverity.Read, CellAuditor.Label([Finding(AuditSeverity.Read)], ["transcript: bad"]));
        Assert.Equal(AuditSeverity.Clean, CellAuditor.Label([], []));
        Assert.Equal(AuditSeverity.Probe, CellAuditor.Label([Finding(AuditSeverity.Probe)], []));
    }

    [Theory]
    [InlineData("unaudited", "audit failed: boom")] // written by this version
    [InlineData("clean", "trajectory.jsonl: unreadable")] // written before the label existed
    public void Reports_leave_an_unaudited_pass_out_of_the_audit_adjusted_rate_and_label_it(string severity, string error)
    {
        var clean = new ReportAudit("clean", []);
        var unaudited = new ReportAudit(severity, []) { Error = error };
        var input = ReportCells.Input(
            ReportCells.Cell("m", "h", "t1", Verdict.Pass, audit: clean),
            ReportCells.Cell("m", "h", "t2", Verdict.Pass, audit: unaudited),
            ReportCells.Cell("m", "h", "t3", Verdict.Fail, audit: clean));

        var report = ReportBuilder.Build(input);

        var row = Assert.Single(report.Leaderboard);
        Assert.Equal((2, 3), (row.Graded.Successes, row.Graded.Trials));
        Assert.Equal((1, 3), (row.AuditAdjusted!.Successes, row.AuditAdjusted.Trials));
        var contamination = Assert.Single(report.Contamination!.Rows);
        Assert.Equal((2, 2, 1), (contamination.Audited, contamination.BySeverity[0], contamination.Unaudited));
        Assert.Equal(1, report.Contamination.UnauditedPasses);
        var harness = Assert.Single(report.Contamination.ByHarness);
        Assert.Equal((2, 1), (harness.Cells, harness.Unaudited));

        var markdown = MarkdownReport.Render(ReportLayout.Layout(report));
        Assert.Contains("nor passes whose audit did not complete (unaudited)", markdown, StringComparison.Ordinal);
        Assert.Contains("1 pass(es) are unaudited and count in no audit-adjusted rate", markdown, StringComparison.Ordinal);
        Assert.Contains("| m | h | 2 | 2 | 0 | 0 | 0 | 0 | 0 | 1 | 0 |", markdown, StringComparison.Ordinal);

        var csv = CsvReport.Render(input.Cells).Split("\r\n");
        var column = CsvReport.Columns.ToList().IndexOf("audit_severity");
        Assert.Equal(["clean", "unaudited", "clean"], csv[1..4].Select(l => l.Split(',')[column]));
    }

    [Fact]
    public void An_unaudited_line_round_trips_through_results_jsonl_into_the_report()
    {
        using var dir = new TempDirectory();
        var result = JsonlResultStoreTestsSample() with
        {
            Audit = new HarnessBench.Core.Audit.CellAudit(AuditSeverity.Unaudited, [], null, "standard", 1) { Error = "audit failed: boom" },
        };
        Directory.CreateDirectory(dir.Combine("run"));
        File.WriteAllBytes(dir.Combine("run", JsonlResultStore.FileName), [.. ResultJson.Serialize(result), (byte)'\n']);

        var input = ReportLoader.Load([dir.Combine("run")], new ReportSources(null, null, null, "h"));

        var cell = Assert.Single(input.Cells);
        Assert.Equal("unaudited", cell.Audit!.Label);
        Assert.True(cell.UnauditedPass);
        Assert.False(cell.AuditAdjustedPass);
    }

    private static CellResult JsonlResultStoreTestsSample() => Results.JsonlResultStoreTests.Sample("c1", Verdict.Pass);
}
