using System.Text;
using HarnessBench.Core.Reports;
using HarnessBench.Core.Reports.Rendering;

namespace HarnessBench.Cli.Viewer;

/// <summary>A run as the runs page lists it: loaded, or the reason it could not be.</summary>
internal sealed record RunListing(RunEntry Entry, LoadedRun? Run, string? Problem);

/// <summary>index.html: every run with its bench, time span, verdict counts, errors and audit labels, and a picker to compare two.</summary>
internal static class RunsPage
{
    /// <param name="compare">Offer the two-run picker (an export has diff pages only for up to <see cref="ViewExporter.MaxDiffRuns"/> runs).</param>
    public static string Render(IReadOnlyList<RunListing> runs, PageContext page, string resultsDirectory, bool compare = true)
    {
        var sb = PageShell.Begin(page, "Runs");
        sb.Append("<h1>Runs</h1>\n<p class=\"muted\">").Append(runs.Count).Append(" run(s) from <code>").Esc(resultsDirectory)
            .Append("</code>").Append(page.Export ? "" : " and the command line").Append(". Open a run for its leaderboard and cells; pick two runs to compare them.</p>\n");
        sb.Append("<div class=\"scroll\"><table id=\"runs\"><thead><tr><th>run</th><th>bench</th><th>time span (UTC)</th><th class=\"n\">cells</th>")
            .Append("<th class=\"n\">pass</th><th class=\"n\">fail</th><th class=\"n\">error</th><th>errors by kind</th><th>audit labels</th></tr></thead><tbody>\n");
        foreach (var listing in runs)
        {
            sb.Append("<tr><td class=\"nw\">").Link($"runs/{Html.Seg(listing.Entry.Key)}/index.html", listing.Entry.Name).Append("</td>");
            if (listing.Run is not { } run)
            {
                sb.Append("<td colspan=\"8\" class=\"muted\">cannot be read: ").Esc(listing.Problem).Append("</td></tr>\n");
                continue;
            }

            var cells = run.Cells;
            sb.Append("<td>").Esc(run.Input.BenchName).Append("</td><td class=\"nw\">").Esc(Span(run.From, run.To)).Append("</td>")
                .Append("<td class=\"n\">").Append(cells.Count).Append("</td>")
                .Append("<td class=\"n\">").Append(cells.Count(c => c.Passed)).Append("</td>")
                .Append("<td class=\"n\">").Append(cells.Count(c => c.Verdict == Core.Results.Verdict.Fail)).Append("</td>")
                .Append("<td class=\"n\">").Append(cells.Count(c => !c.Graded)).Append("</td><td>");
            var errors = cells.Where(c => c.ErrorKind is not null).GroupBy(Labels.Error).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal);
            sb.AppendJoin(", ", errors.Select(g => E($"{g.Key} {g.Count()}"))).Append("</td><td>");
            AuditCounts(sb, cells);
            sb.Append("</td></tr>\n");
        }

        sb.Append("</tbody></table></div>\n");
        var loaded = runs.Where(r => r.Run is not null).ToList();
        if (compare && loaded.Count >= 2)
        {
            sb.Append("<h2>Compare two runs</h2>\n<form id=\"compare\" class=\"filters\" method=\"get\" action=\"diff\" data-root=\"\">");
            Picker(sb, "a", "run A (baseline)", loaded, loaded[1].Entry.Key);
            Picker(sb, "b", "run B (new)", loaded, loaded[0].Entry.Key);
            sb.Append("<button type=\"submit\">Compare</button> <span id=\"compare-msg\" class=\"muted\"></span></form>\n")
                .Append("<p class=\"muted\">As <code>hbench diff A B</code>: flipped cells, pass-rate changes per (model, harness) with intervals, new and missing cells.</p>\n");
        }

        return PageShell.End(sb, page);
    }

    /// <summary>Labels with their counts, worst last, e.g. "clean 30 mention 12 read 1".</summary>
    public static void AuditCounts(StringBuilder sb, IReadOnlyList<ReportCell> cells)
    {
        var counts = cells.GroupBy(Labels.Audit).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var label in AuditSeverities.Ordered.Append("unaudited"))
        {
            if (!counts.TryGetValue(label, out var n)) continue;
            sb.AuditBadge(label, $"{label} {n}").Append(' ');
        }
    }

    public static string Span(DateTimeOffset? from, DateTimeOffset? to) =>
        from is null ? "–" : $"{Fmt.Time(from)[..16]} → {(to?.UtcDateTime.Date == from.Value.UtcDateTime.Date ? Fmt.Time(to)[11..16] : Fmt.Time(to)[..16])}";

    private static void Picker(StringBuilder sb, string name, string label, IReadOnlyList<RunListing> runs, string selected)
    {
        sb.Append("<label>").Esc(label).Append("<select name=\"").Append(name).Append("\">");
        foreach (var r in runs)
        {
            sb.Append("<option value=\"").Esc(r.Entry.Key).Append('"').Append(r.Entry.Key == selected ? " selected" : "").Append('>').Esc(r.Entry.Name).Append("</option>");
        }

        sb.Append("</select></label>");
    }

    private static string E(string text) => Html.E(text);
}
