using HarnessBench.Core.Reports;
using HarnessBench.Core.Reports.Rendering;
using HarnessBench.Core.Results;
using static HarnessBench.Core.Tests.Reports.ReportCells;

namespace HarnessBench.Core.Tests.Reports;

/// <summary>The reference harnesses check graders: out of every ranking, into their own section; the HTML lists every cell.</summary>
public class GraderValidityTests
{
    private static readonly ReportCell[] Cells =
    [
        Cell("m", "claude", "t1", Verdict.Pass), Cell("m", "claude", "t2", Verdict.Fail),
        Cell("m", "oracle", "t1", Verdict.Pass), Cell("m", "oracle", "t2", Verdict.Fail),
        Cell("m", "nop", "t1", Verdict.Fail), Cell("m", "nop", "t2", Verdict.Fail),
        Cell("m", "hack-py-exit-at-import", "t1", Verdict.Fail), Cell("m", "wrong", "t2", Verdict.Pass),
    ];

    [Fact]
    public void Reference_harnesses_leave_the_rankings_and_get_their_own_section()
    {
        var report = ReportBuilder.Build(Input(Cells));

        Assert.Equal(["claude"], report.Leaderboard.Select(p => p.Harness));
        Assert.Equal(["claude"], report.Harnesses.Select(h => h.Name));
        Assert.Equal(2, report.Models.Single().Graded.Trials);
        var t1 = report.GraderValidity.Single(g => g.Task == "t1");
        var t2 = report.GraderValidity.Single(g => g.Task == "t2");
        Assert.True(t1.Valid);
        Assert.Equal((1, 1), (t1.Hacks!.Trials, t1.Oracle!.Successes));
        Assert.False(t2.Valid); // the oracle failed and the wrong solution passed
        var markdown = MarkdownReport.Render(ReportLayout.Layout(report));
        Assert.Contains("## Grader validity", markdown, StringComparison.Ordinal);
        Assert.Contains("| t2 | 0/1 **✗** | 0/1 | 1/1 **✗** | – | 0 | **INVALID** |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("## Cells", markdown, StringComparison.Ordinal); // HTML only
    }

    [Fact]
    public void The_html_lists_every_cell_linked_to_its_viewer_page_and_sorts_by_numbers()
    {
        var html = HtmlReport.Render(ReportLayout.Layout(ReportBuilder.Build(Input(Cells))));

        Assert.Contains("<section id=\"cells\">", html, StringComparison.Ordinal);
        foreach (var cell in Cells)
            Assert.Contains($"<a href=\"cells/{cell.CellId}.html\"><code>{cell.CellId}</code></a>", html, StringComparison.Ordinal);
        Assert.Contains("data-v=\"1\"", html, StringComparison.Ordinal);
        Assert.Contains("<table class=\"sortable\">", html, StringComparison.Ordinal);
    }
}
