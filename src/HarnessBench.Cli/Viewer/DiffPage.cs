using System.Text;
using HarnessBench.Core.Reports;
using HarnessBench.Core.Reports.Rendering;

namespace HarnessBench.Cli.Viewer;

/// <summary>
/// diff/&lt;a&gt;/&lt;b&gt;.html: `hbench diff A B` as a page (the same <see cref="RunDiff"/>): the
/// regression verdict, flipped cells linked to both cell pages, pass rates per (model, harness)
/// before and after with intervals, new and missing cells.
/// </summary>
internal static class DiffPage
{
    private const int MaxListed = 500;

    public static string Render(LoadedRun a, LoadedRun b, PageContext page)
    {
        var d = RunDiff.Compare(a.Entry.Name, a.Cells, b.Entry.Name, b.Cells);
        var idsA = Ids(a);
        var idsB = Ids(b);
        var sb = PageShell.Begin(page, $"{a.Entry.Name} → {b.Entry.Name}", ($"diff {a.Entry.Name} → {b.Entry.Name}", null));
        sb.Append("<h1>Diff: A <code>").Esc(a.Entry.Name).Append("</code> → B <code>").Esc(b.Entry.Name).Append("</code></h1>\n<div class=\"card\"><ul class=\"facts\">")
            .Append("<li><strong>verdict:</strong> ");
        var drops = d.Rates.Count(r => r.SignificantDrop);
        if (d.IsRegression) sb.Append("<span class=\"b b-fail big\">REGRESSION</span> ").Append(d.PassToFail.Count).Append(" pass → fail flip(s), ").Append(drops).Append(" significant rate drop(s)");
        else sb.Append("<span class=\"b b-pass big\">no regression</span>");
        sb.Append("</li><li><strong>cells in both runs:</strong> ").Append(d.Common).Append("; new in B: ").Append(d.New.Count).Append("; missing from B: ").Append(d.Missing.Count).Append("</li>")
            .Append("<li><strong>flips:</strong> pass → fail ").Append(d.PassToFail.Count).Append(", fail → pass ").Append(d.FailToPass.Count)
            .Append(", to/from error ").Append(d.ToOrFromError.Count).Append("</li></ul>")
            .Append("<nav class=\"toc\">").Link($"{page.Root}runs/{Html.Seg(a.Entry.Key)}/index.html", $"run A: {a.Entry.Name}")
            .Link($"{page.Root}runs/{Html.Seg(b.Entry.Key)}/index.html", $"run B: {b.Entry.Name}")
            .Link($"{page.Root}diff/{Html.Seg(b.Entry.Key)}/{Html.Seg(a.Entry.Key)}.html", "swap A and B").Append("</nav></div>\n")
            .Append("<p class=\"muted\">Exit code 1 of <code>hbench diff</code> (a regression) means a pass → fail flip, or a pair whose pass rate dropped with non-overlapping Wilson 95% intervals. ")
            .Append("A change to or from an error is listed but is not a regression: rerun errors first.</p>\n");

        Changes(sb, "Pass → fail", d.PassToFail, a, b, idsA, idsB, page);
        Changes(sb, "Fail → pass", d.FailToPass, a, b, idsA, idsB, page);
        Changes(sb, "To or from error", d.ToOrFromError, a, b, idsA, idsB, page);

        sb.Append("<h2>Pass rate per (model, harness), graded cells</h2>\n<div class=\"scroll\"><table id=\"rates\"><thead><tr><th>model</th><th>harness</th><th class=\"n\">A: ")
            .Esc(a.Entry.Name).Append("</th><th class=\"n\">B: ").Esc(b.Entry.Name).Append("</th><th class=\"n\">change</th><th>significant drop</th></tr></thead><tbody>\n");
        foreach (var r in d.Rates)
        {
            sb.Append(r.SignificantDrop ? "<tr class=\"check-fail\">" : "<tr>").Append("<td>").Esc(r.Model).Append("</td><td>").Esc(r.Harness).Append("</td><td class=\"n\">")
                .Esc(Fmt.RateWithInterval(r.Before)).Append(" <span class=\"muted\">").Esc(Fmt.Fraction(r.Before)).Append("</span></td><td class=\"n\">")
                .Esc(Fmt.RateWithInterval(r.After)).Append(" <span class=\"muted\">").Esc(Fmt.Fraction(r.After)).Append("</span></td><td class=\"n\">")
                .Esc(r.Delta is { } delta ? (delta >= 0 ? "+" : "") + Fmt.Pct(delta) : "–").Append("</td><td>")
                .Append(r.SignificantDrop ? "<span class=\"b b-fail\">drop</span>" : "").Append("</td></tr>\n");
        }

        sb.Append("</tbody></table></div>\n");
        Keys(sb, "New cells (only in B)", d.New, b, idsB, page);
        Keys(sb, "Missing cells (only in A)", d.Missing, a, idsA, page);
        return PageShell.End(sb, page);
    }

    private static Dictionary<CellKey, string> Ids(LoadedRun run)
    {
        var ids = new Dictionary<CellKey, string>();
        foreach (var c in run.Cells) ids[new CellKey(c.Model, c.Harness, c.Task, c.Repeat)] = c.CellId;
        return ids;
    }

    private static void Changes(StringBuilder sb, string title, IReadOnlyList<VerdictChange> changes, LoadedRun a, LoadedRun b,
        Dictionary<CellKey, string> idsA, Dictionary<CellKey, string> idsB, PageContext page)
    {
        sb.Append("<h2>").Esc(title).Append(" (").Append(changes.Count).Append(")</h2>\n");
        if (changes.Count == 0)
        {
            sb.Append("<p class=\"muted\">none</p>\n");
            return;
        }

        sb.Append("<div class=\"scroll\"><table><thead><tr><th>model</th><th>harness</th><th>task</th><th class=\"n\">r</th><th>A</th><th>B</th></tr></thead><tbody>\n");
        foreach (var c in changes.Take(MaxListed))
        {
            sb.Append("<tr><td>").Esc(c.Cell.Model).Append("</td><td>").Esc(c.Cell.Harness).Append("</td><td>").Esc(c.Cell.Task).Append("</td><td class=\"n\">")
                .Append(c.Cell.Repeat).Append("</td><td>");
            CellLink(sb, a, idsA, c.Cell, page, Labels.Verdict(c.Before), null);
            sb.Append("</td><td>");
            CellLink(sb, b, idsB, c.Cell, page, Labels.Verdict(c.After), c.AfterError is { } k ? Labels.Kind(k) : null);
            sb.Append("</td></tr>\n");
        }

        sb.Append("</tbody></table></div>\n");
        if (changes.Count > MaxListed) sb.Append("<p class=\"muted\">… and ").Append(changes.Count - MaxListed).Append(" more</p>\n");
    }

    private static void CellLink(StringBuilder sb, LoadedRun run, Dictionary<CellKey, string> ids, CellKey key, PageContext page, string verdict, string? error)
    {
        if (!ids.TryGetValue(key, out var id))
        {
            sb.Verdict(verdict, error);
            return;
        }

        sb.Append("<a").Href($"{page.Root}runs/{Html.Seg(run.Entry.Key)}/cells/{Html.Seg(id)}.html").Append('>').Verdict(verdict, error).Append("</a>");
    }

    private static void Keys(StringBuilder sb, string title, IReadOnlyList<CellKey> keys, LoadedRun run, Dictionary<CellKey, string> ids, PageContext page)
    {
        sb.Append("<h2>").Esc(title).Append(" (").Append(keys.Count).Append(")</h2>\n");
        if (keys.Count == 0)
        {
            sb.Append("<p class=\"muted\">none</p>\n");
            return;
        }

        sb.Append("<ul class=\"mono\">");
        foreach (var k in keys.Take(MaxListed))
        {
            sb.Append("<li>");
            if (ids.TryGetValue(k, out var id)) sb.Link($"{page.Root}runs/{Html.Seg(run.Entry.Key)}/cells/{Html.Seg(id)}.html", k.ToString());
            else sb.Esc(k.ToString());
            sb.Append("</li>");
        }

        sb.Append("</ul>\n");
        if (keys.Count > MaxListed) sb.Append("<p class=\"muted\">… and ").Append(keys.Count - MaxListed).Append(" more</p>\n");
    }
}
