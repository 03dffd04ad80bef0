using HarnessBench.Core.Reports;
using HarnessBench.Core.Results;
using HarnessBench.Core.Reports.Rendering;

namespace HarnessBench.Core.Tests.Reports;

/// <summary>
/// report.md, cells.csv and the diff output of a fixed synthetic run (4 models x 3 harnesses x 6 tasks
/// x 3 repeats, with metering, audit, errors and a q4/q8 pair) compared with the files in Snapshots/.
/// See <see cref="Snapshot"/> for how to update them.
/// </summary>
public class ReportSnapshotTests
{
    internal static SyntheticSpec Spec { get; } = new(Models: 4, Harnesses: 3, Tasks: 6, Repeats: 3, Seed: 11);

    internal static ReportInput FixedInput()
    {
        var run = SyntheticCells.Generate(Spec);
        return new ReportInput("synthetic-bench", ["synthetic"], "test-host", run.Cells, ["an example warning"]);
    }

    internal static ReportOptions PairOptions { get; } = new("qwen3-1.5b-q4", "qwen3-1.5b-q8");

    [Fact]
    public void Markdown_matches_the_snapshot()
    {
        var doc = ReportLayout.Layout(ReportBuilder.Build(FixedInput(), PairOptions));
        Snapshot.Match("report.md", MarkdownReport.Render(doc));
    }

    [Fact]
    public void Csv_matches_the_snapshot()
    {
        Snapshot.Match("cells.csv", CsvReport.Render(FixedInput().Cells));
    }

    [Fact]
    public void Diff_matches_the_snapshot()
    {
        var a = SyntheticCells.Generate(Spec, "run-a").Cells;
        var b = SyntheticCells.Generate(Spec with { Seed = 12 }, "run-b").Cells.Where(c => c.Task != "task-06").ToList();
        var diff = RunDiff.Compare("run-a", a, "run-b", b);
        Assert.True(diff.IsRegression);
        Snapshot.Match("diff.md", DiffMarkdown.Render(diff));
    }

    [Fact]
    public void A_run_without_metering_or_audit_has_no_such_sections_or_values()
    {
        var cells = SyntheticCells.Generate(Spec with { Metering = false, Audit = false, Repeats = 1 }).Cells;
        var markdown = MarkdownReport.Render(ReportLayout.Layout(ReportBuilder.Build(new ReportInput("b", ["r"], "h", cells, []))));
        Assert.DoesNotContain("## Contamination", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("## Speed (gateway metering)", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("## Repeats", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("tokens / task", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("audit-adjusted", markdown, StringComparison.Ordinal);
        Assert.Contains("## Leaderboard", markdown, StringComparison.Ordinal);
        var csv = CsvReport.Render(cells).Split("\r\n");
        var row = csv[1].Split(',');
        string[] empty = ["prompt_tokens", "completion_tokens", "reasoning_tokens", "ttft_ms", "tokens_per_second", "cost_usd", "audit_severity"];
        Assert.All(empty, column => Assert.Equal("", row[CsvReport.Columns.ToList().IndexOf(column)]));
        Assert.Equal(cells.OrderBy(c => c.Model, StringComparer.Ordinal).ThenBy(c => c.Harness, StringComparer.Ordinal)
            .ThenBy(c => c.Task, StringComparer.Ordinal).First().CellId, row[^1]);
    }

    [Fact]
    public void Csv_quotes_fields_per_rfc_4180()
    {
        var cell = ReportCells.Cell("model, \"quoted\"", "h", "t", Verdict.Pass);
        var lines = CsvReport.Render([cell]).Split("\r\n");
        Assert.Equal(3, lines.Length); // header, row, empty after the final CRLF
        Assert.StartsWith("\"model, \"\"quoted\"\"\",,,h,t,python,easy,1,pass,,1,1000,100,1200,", lines[1], StringComparison.Ordinal);
        Assert.Equal(CsvReport.Columns.Count, lines[0].Split(',').Length);
    }
}

/// <summary>Snapshot tests can only pass by matching, except on a developer's explicit request outside CI.</summary>
public class SnapshotModeTests
{
    [Theory]
    [InlineData(null, null, "Compare")]
    [InlineData(null, "1", "Update")]
    [InlineData("false", "true", "Update")]
    [InlineData("true", null, "Compare")]
    [InlineData("true", "1", "Refuse")]
    [InlineData("1", "true", "Refuse")]
    [InlineData("TRUE", "0", "Refuse")] // set at all is enough in CI
    public void The_update_variable_is_refused_in_ci(string? ci, string? update, string expected) =>
        Assert.Equal(expected, Snapshot.ModeFor(ci, update).ToString());
}
