using System.Text;
using HarnessBench.Core.Reports;
using HarnessBench.Core.Reports.Rendering;

namespace HarnessBench.Cli.Viewer;

/// <summary>
/// runs/&lt;run&gt;/index.html: the header facts and the leaderboard of the report (same model, same
/// figures), with audit flags per pair, then every cell, filtered server-side by the query string
/// (live) or by the page's script (export), each linked to its cell page.
/// </summary>
internal static class RunPage
{
    /// <summary>Rows per page when served live; an export lists every cell on one page.</summary>
    public const int PageSize = 1000;

    public static string Render(LoadedRun run, CellFilter filter, PageContext page, IReadOnlyList<RunEntry> others)
    {
        var report = run.Report;
        var h = report.Header;
        var sb = PageShell.Begin(page, run.Entry.Name, (run.Entry.Name, null));
        sb.Append("<h1>Run <code>").Esc(run.Entry.Name).Append("</code></h1>\n<div class=\"card\"><ul class=\"facts\">");
        Fact(sb, "bench", h.BenchName);
        Fact(sb, "time span", $"{Fmt.Time(h.From)} → {Fmt.Time(h.To)}");
        Fact(sb, "cells", $"{h.Cells} ({h.Graded} graded, {h.Passes} passed, {h.Cells - h.Graded} errors{(h.ErrorsByKind.Count == 0 ? "" : ": " + string.Join(", ", h.ErrorsByKind.Select(e => $"{Labels.Kind(e.Key)} {e.Value}")))})");
        Fact(sb, "harness versions", h.HarnessVersions.Count == 0 ? "built-in harnesses only" : string.Join(", ", h.HarnessVersions));
        Fact(sb, "folder", run.Entry.Directory);
        sb.Append("</ul>");
        if (h.Images.Count > 0)
        {
            sb.Append("<details><summary>").Append(h.Images.Count).Append(" image(s)</summary><ul class=\"mono\">");
            foreach (var image in h.Images) sb.Append("<li>").Esc(image).Append("</li>");
            sb.Append("</ul></details>");
        }

        foreach (var warning in h.Warnings.Take(10)) sb.Append("<div class=\"finding\">warning: ").Esc(warning).Append("</div>");
        sb.Append("<nav class=\"toc\"><a href=\"#leaderboard\">Leaderboard</a><a href=\"#cells-section\">Cells</a>");
        if (File.Exists(Path.Combine(run.Entry.Directory, Commands.ReportFiles.HtmlName))) sb.Append("<a href=\"report.html\">report.html</a>");
        if (File.Exists(Path.Combine(run.Entry.Directory, Commands.ReportFiles.CsvName))) sb.Append("<a href=\"cells.csv\">cells.csv</a>");
        sb.Append("</nav></div>\n");

        Leaderboard(sb, report, filter);
        if (others.Count > 0) Compare(sb, run.Entry, others, page);
        Cells(sb, run, filter, page);
        return PageShell.End(sb, page);
    }

    private static void Fact(StringBuilder sb, string name, string value) =>
        sb.Append("<li><strong>").Esc(name).Append(":</strong> ").Esc(value).Append("</li>");

    private static void Leaderboard(StringBuilder sb, Report report, CellFilter filter)
    {
        var c = report.Columns;
        var audit = report.Contamination is { } contamination
            ? contamination.Rows.ToDictionary(r => (r.Model, r.Harness))
            : [];
        var severities = report.Contamination?.Severities ?? [];
        sb.Append("<h2 id=\"leaderboard\">Leaderboard</h2>\n<p class=\"muted\">Each (model, harness) over its cells, as in the report: ")
            .Append("<em>graded</em> rates leave error cells out, <em>all cells</em> rates count them as not passed; Wilson 95% intervals.")
            .Append(c.Audit ? " The audit-adjusted rate does not count passes labelled read, execute or tamper; the audit column lists labels above <em>mention</em>." : "")
            .Append("</p>\n<div class=\"scroll\"><table id=\"leaderboard-table\"><thead><tr><th class=\"n\">#</th><th>model</th><th>harness</th><th class=\"n\">passed</th><th class=\"n\">errors</th>")
            .Append("<th class=\"n\">pass rate (graded) [95% CI]</th><th class=\"n\">pass rate (all cells)</th><th class=\"n\">agent time mean / median</th>");
        if (c.Tokens) sb.Append("<th class=\"n\">tokens / task</th>");
        if (c.Cost) sb.Append("<th class=\"n\">cost / task</th>");
        if (c.Audit) sb.Append("<th class=\"n\">audit-adjusted</th><th>audit</th>");
        sb.Append("<th></th></tr></thead><tbody>\n");
        for (var i = 0; i < report.Leaderboard.Count; i++)
        {
            var p = report.Leaderboard[i];
            var match = (filter.Model ?? filter.Harness) is not null && (filter.Model is null || filter.Model == p.Model) && (filter.Harness is null || filter.Harness == p.Harness);
            var pair = new CellFilter(p.Model, p.Harness, null, null, null, null, null);
            sb.Append(match ? "<tr class=\"match\">" : "<tr>").Append("<td class=\"n\">").Append(i + 1).Append("</td><td>").Esc(p.Model).Append("</td><td>").Esc(p.Harness).Append("</td>")
                .Append("<td class=\"n\">").Esc(Fmt.Fraction(p.Graded)).Append("</td><td class=\"n\">").Append(p.Errors).Append("</td>")
                .Append("<td class=\"n\">").Esc(Fmt.RateWithInterval(p.Graded)).Append("</td><td class=\"n\">").Esc(Fmt.RateWithInterval(p.All)).Append("</td>")
                .Append("<td class=\"n\">").Esc($"{Fmt.Ms(p.MeanAgentMs)} / {Fmt.Ms(p.MedianAgentMs)}").Append("</td>");
            if (c.Tokens) sb.Append("<td class=\"n\">").Esc(Fmt.Tokens(p.TokensPerCell)).Append("</td>");
            if (c.Cost) sb.Append("<td class=\"n\">").Esc(Fmt.Usd(p.CostPerCell)).Append("</td>");
            if (c.Audit)
            {
                sb.Append("<td class=\"n\">").Esc(p.AuditAdjusted is { } a ? Fmt.RateWithInterval(a) : "–").Append("</td><td class=\"nw\">");
                if (!audit.TryGetValue((p.Model, p.Harness), out var row) || !AuditFlags(sb, row, severities, pair)) sb.Append("<span class=\"muted\">–</span>");
                sb.Append("</td>");
            }

            sb.Append("<td class=\"nw\">").Link("index.html" + pair.ToQuery() + "#cells-section", "cells").Append("</td></tr>\n");
        }

        sb.Append("</tbody></table></div>\n");
    }

    /// <summary>Labels above mention with their counts, and the flagged passes (linked to those cells).</summary>
    private static bool AuditFlags(StringBuilder sb, ContaminationRow row, IReadOnlyList<string> severities, CellFilter pair)
    {
        var any = row.FlaggedPasses > 0;
        for (var i = 0; i < severities.Count && i < row.BySeverity.Count; i++)
        {
            if (row.BySeverity[i] == 0 || severities[i] is "clean" or "mention") continue;
            sb.AuditBadge(severities[i], $"{severities[i]} {row.BySeverity[i]}").Append(' ');
            any = true;
        }

        if (row.FlaggedPasses > 0)
        {
            sb.Append("<a class=\"flagtxt\"").Href("index.html" + (pair with { Audit = "flagged", Verdict = "pass" }).ToQuery() + "#cells-section")
                .Append(">⚑ ").Append(row.FlaggedPasses).Append(" flagged pass").Append(row.FlaggedPasses == 1 ? "" : "es").Append("</a>");
        }

        return any;
    }

    private static void Compare(StringBuilder sb, RunEntry run, IReadOnlyList<RunEntry> others, PageContext page)
    {
        sb.Append("<form id=\"compare\" class=\"filters\" method=\"get\" action=\"").Esc(page.Root).Append("diff\" data-root=\"").Esc(page.Root).Append("\">")
            .Append("<input type=\"hidden\" name=\"a\" value=\"").Esc(run.Key).Append("\"><label>compare this run (A) with run B<select name=\"b\">");
        foreach (var other in others) sb.Append("<option value=\"").Esc(other.Key).Append("\">").Esc(other.Name).Append("</option>");
        sb.Append("</select></label><button type=\"submit\">Compare</button> <span id=\"compare-msg\" class=\"muted\"></span></form>\n");
    }

    private static void Cells(StringBuilder sb, LoadedRun run, CellFilter filter, PageContext page)
    {
        sb.Append("<h2 id=\"cells-section\">Cells</h2>\n<form id=\"filters\" class=\"filters\" method=\"get\" action=\"index.html#cells-section\">");
        Select(sb, "model", run.Cells.Select(c => c.Model), filter.Model);
        Select(sb, "harness", run.Cells.Select(c => c.Harness), filter.Harness);
        Select(sb, "task", run.Cells.Select(c => c.Task), filter.Task);
        Select(sb, "verdict", run.Cells.Select(Labels.Verdict), filter.Verdict);
        Select(sb, "error", run.Cells.Select(Labels.Error).OfType<string>(), filter.Error);
        var flagged = run.Cells.Count(c => AuditSeverities.TableRank(c.Audit) >= AuditSeverities.FlagRank);
        Select(sb, "audit", run.Cells.Select(Labels.Audit), filter.Audit, flagged > 0 ? ("flagged", flagged) : null);
        sb.Append("<label>text<input type=\"search\" name=\"q\" size=\"28\" placeholder=\"id, reason, finding...\" value=\"").Esc(filter.Text).Append("\"></label>")
            .Append("<button type=\"submit\">Filter</button>").Link("index.html#cells-section", "clear").Append("</form>\n");

        var matching = page.Export ? run.Cells : run.Cells.Where(filter.Matches).ToList();
        var pages = Math.Max(1, (matching.Count + PageSize - 1) / PageSize);
        var current = Math.Min(filter.Page, pages);
        var shown = page.Export ? matching : [.. matching.Skip((current - 1) * PageSize).Take(PageSize)];
        sb.Append("<p id=\"matched\" class=\"muted\">").Append(matching.Count).Append(" of ").Append(run.Cells.Count).Append(" cells: ")
            .Append(matching.Count(c => c.Passed)).Append(" pass, ").Append(matching.Count(c => c.Verdict == Core.Results.Verdict.Fail)).Append(" fail, ")
            .Append(matching.Count(c => !c.Graded)).Append(" error</p>\n");
        if (pages > 1) Pager(sb, filter, current, pages);
        sb.Append("<div class=\"scroll\"><table id=\"cells\"><thead><tr><th>model</th><th>harness</th><th>task (cell page)</th><th class=\"n\">r</th><th>verdict</th><th>error</th>")
            .Append("<th class=\"n\">checks</th><th>fail reason</th><th class=\"n\">agent time</th><th class=\"n\">tokens</th><th>audit</th></tr></thead><tbody>\n");
        foreach (var c in shown) Row(sb, c, page);
        sb.Append("</tbody></table></div>\n");
        if (pages > 1) Pager(sb, filter, current, pages);
    }

    private static void Row(StringBuilder sb, ReportCell c, PageContext page)
    {
        var verdict = Labels.Verdict(c);
        var audit = Labels.Audit(c);
        sb.Append("<tr");
        if (page.Export)
        {
            // The export's script filters on these (the live server filters before rendering).
            sb.Append(" data-model=\"").Esc(c.Model).Append("\" data-harness=\"").Esc(c.Harness).Append("\" data-task=\"").Esc(c.Task)
                .Append("\" data-verdict=\"").Append(verdict).Append("\" data-error=\"").Esc(Labels.Error(c)).Append("\" data-audit=\"").Esc(audit)
                .Append("\" data-flagged=\"").Append(AuditSeverities.TableRank(c.Audit) >= AuditSeverities.FlagRank ? '1' : '0').Append('"');
            if (c.Audit?.Findings is { Count: > 0 } findings) sb.Append(" data-find=\"").Esc(string.Join(" | ", findings.Take(5))).Append('"');
        }

        sb.Append("><td>").Esc(c.Model).Append("</td><td>").Esc(c.Harness).Append("</td><td><a").Href($"cells/{Html.Seg(c.CellId)}.html")
            .Append(" title=\"").Esc(c.CellId).Append("\">").Esc(c.Task).Append("</a></td><td class=\"n\">").Append(c.Repeat).Append("</td><td>")
            .Verdict(verdict).Append("</td><td>").Esc(Labels.Error(c)).Append("</td><td class=\"n\">");
        if (c.Checks is { } k) sb.Append(k.Passed).Append('/').Append(k.Declared > 0 ? k.Declared : k.Total);
        sb.Append("</td><td class=\"reason\">").Esc(Html.Preview(c.FailReason, 110)).Append("</td><td class=\"n\">").Esc(c.Graded ? Fmt.Ms(c.Timings.AgentMs) : "–")
            .Append("</td><td class=\"n\">").Esc(c.TotalTokens is { } t ? Fmt.Tokens(t) : "").Append("</td><td>").AuditBadge(audit).Append("</td></tr>\n");
    }

    private static void Select(StringBuilder sb, string name, IEnumerable<string> values, string? selected, (string Value, int Count)? extra = null)
    {
        var counts = values.GroupBy(v => v, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (Value: g.Key, Count: g.Count())).ToList();
        if (extra is { } e) counts.Add(e);
        sb.Append("<label>").Append(name).Append("<select name=\"").Append(name).Append("\"><option value=\"\">all</option>");
        foreach (var (value, count) in counts)
        {
            sb.Append("<option value=\"").Esc(value).Append('"').Append(value == selected ? " selected" : "").Append('>').Esc(value)
                .Append(" (").Append(count).Append(")</option>");
        }

        if (selected is not null && counts.All(g => g.Value != selected)) sb.Append("<option selected value=\"").Esc(selected).Append("\">").Esc(selected).Append(" (0)</option>");
        sb.Append("</select></label>");
    }

    private static void Pager(StringBuilder sb, CellFilter filter, int current, int pages)
    {
        sb.Append("<div class=\"pager\">page ").Append(current).Append(" of ").Append(pages).Append(':');
        for (var p = 1; p <= pages; p++)
        {
            if (p == current) sb.Append(" <strong>").Append(p).Append("</strong>");
            else sb.Append(' ').Link("index.html" + filter.ToQuery(p) + "#cells-section", p.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        sb.Append("</div>\n");
    }
}
