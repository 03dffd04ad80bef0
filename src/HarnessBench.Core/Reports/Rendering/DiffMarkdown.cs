using System.Text;

namespace HarnessBench.Core.Reports.Rendering;

/// <summary>`hbench diff` output: markdown that reads well in a terminal and in a CI job summary.</summary>
public static class DiffMarkdown
{
    private const int MaxListed = 200;

    public static string Render(DiffResult d)
    {
        var sb = new StringBuilder();
        sb.Append("# Diff: A `").Append(d.RunA).Append("` → B `").Append(d.RunB).Append("`\n\n");
        sb.Append($"- **Cells in both runs:** {d.Common}; new in B: {d.New.Count}; missing from B: {d.Missing.Count}\n");
        sb.Append($"- **Flips:** pass → fail {d.PassToFail.Count}, flagged pass → fail {d.FlaggedPassToFail.Count}, fail → pass {d.FailToPass.Count}, to/from error {d.ToOrFromError.Count}\n");
        if (d.TaskSetsDiffer)
        {
            sb.Append("- **Warning:** the runs cover different tasks")
                .Append(d.TasksOnlyInA.Count > 0 ? $"; only in A: {string.Join(", ", d.TasksOnlyInA.Take(20))}" : "")
                .Append(d.TasksOnlyInB.Count > 0 ? $"; only in B: {string.Join(", ", d.TasksOnlyInB.Take(20))}" : "")
                .Append(". Pass rates below compare different task sets.\n");
        }
        var drops = d.Rates.Count(r => r.SignificantDrop);
        sb.Append("- **Verdict:** ").Append(d.IsRegression
            ? $"REGRESSION ({d.PassToFail.Count} pass → fail flip(s), {drops} significant rate drop(s))"
            : "no regression").Append("\n\n");

        Changes(sb, "Pass → fail", d.PassToFail);
        Changes(sb, "Flagged pass → fail (the audit flagged the pass in A: not a regression)", d.FlaggedPassToFail);
        Changes(sb, "Fail → pass", d.FailToPass);
        Changes(sb, "To or from error (not a regression; rerun with `--rerun-errors`)", d.ToOrFromError);

        var rows = d.Rates.Select(r => (IReadOnlyList<DocCell>)[r.Model, r.Harness, Fmt.RateWithInterval(r.Before), Fmt.RateWithInterval(r.After),
            r.Delta is { } delta ? Points(delta) : "–", r.SignificantDrop ? "**drop**" : ""]).ToList();
        sb.Append("## Audit-adjusted pass rate per (model, harness), graded cells (passes the audit flagged do not count)\n\n");
        Table(sb, ["model", "harness", $"A: {d.RunA}", $"B: {d.RunB}", "change", "significant drop"], rows, numericFrom: 2);

        Keys(sb, "New cells (only in B)", d.New);
        Keys(sb, "Missing cells (only in A)", d.Missing);
        return sb.ToString();
    }

    private static void Changes(StringBuilder sb, string title, IReadOnlyList<VerdictChange> changes)
    {
        if (changes.Count == 0) return;
        sb.Append("## ").Append(title).Append(" (").Append(changes.Count).Append(")\n\n");
        var rows = changes.Take(MaxListed).Select(c => (IReadOnlyList<DocCell>)[c.Cell.Model, c.Cell.Harness, c.Cell.Task, Fmt.Count(c.Cell.Repeat),
            Lower(c.Before), Lower(c.After) + (c.AfterError is { } k ? $" ({ReportLayout.Kebab(k)})" : "")]).ToList();
        Table(sb, ["model", "harness", "task", "repeat", "before", "after"], rows, numericFrom: 3);
        if (changes.Count > MaxListed) sb.Append($"… and {changes.Count - MaxListed} more\n\n");
    }

    private static void Keys(StringBuilder sb, string title, IReadOnlyList<CellKey> keys)
    {
        if (keys.Count == 0) return;
        sb.Append("## ").Append(title).Append(" (").Append(keys.Count).Append(")\n\n");
        foreach (var k in keys.Take(MaxListed))
        {
            sb.Append("- ").Append(k).Append('\n');
        }

        if (keys.Count > MaxListed) sb.Append($"- … and {keys.Count - MaxListed} more\n");
        sb.Append('\n');
    }

    private static void Table(StringBuilder sb, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<DocCell>> rows, int numericFrom)
    {
        var md = MarkdownReport.Render(new ReportDocument("", [], [new DocSection("x", "x", [ReportLayout.Table(null, headers, rows, numericFrom)])]));
        // Keep only the table lines of the one-table document.
        sb.AppendJoin('\n', md.Split('\n').Where(l => l.StartsWith('|') || l == "_none_")).Append("\n\n");
    }

    /// <summary>A change of a rate in percentage points ("+12.5 pp"): the difference of two percentages is not a percentage.</summary>
    public static string Points(double delta) =>
        (delta >= 0 ? "+" : "−") + Math.Abs(delta * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " pp";

    private static string Lower(Results.Verdict v) => v.ToString().ToLowerInvariant();
}
