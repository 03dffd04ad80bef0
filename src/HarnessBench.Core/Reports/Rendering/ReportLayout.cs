namespace HarnessBench.Core.Reports.Rendering;

/// <summary>Lays a <see cref="Report"/> out as a <see cref="ReportDocument"/>: which tables, in which order, with which words.</summary>
public static partial class ReportLayout
{
    public static ReportDocument Layout(Report report)
    {
        var h = report.Header;
        List<DocSection?> sections =
        [
            Leaderboard(report),
            Frontier(report),
            Marginals(report),
            Uplift(report),
            Tasks(report),
            Params(report),
            Pair(report),
            Contamination(report),
            Speed(report),
            SingleShot(report),
            Repeats(report),
            GraderValidity(report),
            Errors(report),
            CellTable(report),
        ];
        return new ReportDocument($"HarnessBench report: {h.BenchName}", Facts(report), [.. sections.OfType<DocSection>()]);
    }

    private static IEnumerable<string> TokenFact(Report r)
    {
        var (estimated, metered) = r.TokenCounts;
        if (estimated == 0) yield break;
        yield return estimated == metered
            ? $"**Token counts:** estimates in all {metered} metered cells (marked ~), not an endpoint's usage reports"
            : $"**Token counts:** estimates in {estimated} of {metered} metered cells (marked ~), not an endpoint's usage reports";
    }

    private static List<string> Facts(Report report)
    {
        var h = report.Header;
        var errors = h.ErrorsByKind.Count == 0 ? "none" : string.Join(", ", h.ErrorsByKind.Select(e => $"{Kebab(e.Key)} {e.Value}"));
        List<string> facts =
        [
            $"**Run{(h.Runs.Count == 1 ? "" : "s")}:** {string.Join(", ", h.Runs.Select(r => $"`{r}`"))}",
            $"**Time span:** {Fmt.Time(h.From)} → {Fmt.Time(h.To)}",
            $"**Host:** {h.Host}",
            $"**Cells:** {h.Cells} ({h.Graded} graded, {h.Passes} passed, {h.Cells - h.Graded} errors: {errors})",
            $"**Harness versions:** {(h.HarnessVersions.Count == 0 ? "built-in harnesses only" : string.Join(", ", h.HarnessVersions))}",
            .. TokenFact(report),
            $"**Images:** {(h.Images.Count == 0 ? "–" : string.Join(", ", h.Images.Select(i => $"`{i}`")))}",
        ];
        facts.AddRange(h.Warnings.Take(10).Select(w => $"**Warning:** {w}"));
        return facts;
    }

    private static DocSection Leaderboard(Report r)
    {
        var c = r.Columns;
        List<string> headers = ["#", "model", "harness", "passed", "errors", "pass rate (graded) [95% CI]", "pass rate (all cells)", "agent time mean / median"];
        if (c.Tokens) headers.Add("tokens / task");
        if (c.Cost) headers.Add("cost / task");
        if (c.Audit) headers.AddRange(["audit-adjusted", "flagged passes"]);
        var rows = r.Leaderboard.Select((p, i) =>
        {
            List<DocCell> row =
            [
                new DocCell(Fmt.Count(i + 1)) { Sort = i + 1 },
                p.Model,
                new DocCell(p.Harness) { Href = ViewerRun + "?model=" + Uri.EscapeDataString(p.Model) + "&harness=" + Uri.EscapeDataString(p.Harness) },
                new DocCell(Fmt.Fraction(p.Graded)) { Sort = p.Graded.Successes },
                new DocCell(Fmt.Count(p.Errors)) { Sort = p.Errors },
                new DocCell(Fmt.RateWithInterval(p.Graded)) { Sort = p.Graded.Value ?? -1 },
                new DocCell(Fmt.RateWithInterval(p.All)) { Sort = p.All.Value ?? -1 },
                new DocCell($"{Fmt.Ms(p.MeanAgentMs)} / {Fmt.Ms(p.MedianAgentMs)}") { Sort = p.MeanAgentMs ?? double.MaxValue },
            ];
            if (c.Tokens) row.Add(new DocCell(Fmt.Tokens(p.TokensPerCell, p.TokensEstimated)) { Sort = p.TokensPerCell ?? double.MaxValue });
            if (c.Cost) row.Add(new DocCell(Fmt.Usd(p.CostPerCell, p.TokensEstimated)) { Sort = p.CostPerCell ?? double.MaxValue });
            if (c.Audit)
            {
                row.Add(new DocCell(p.AuditAdjusted is { } a ? Fmt.RateWithInterval(a) : "–") { Sort = p.AuditAdjusted?.Value ?? -1 });
                row.Add(new DocCell(p.FlaggedPasses == 0 ? "0" : $"**⚑ {Fmt.Count(p.FlaggedPasses)}**") { Sort = p.FlaggedPasses });
            }

            return (IReadOnlyList<DocCell>)row;
        }).ToList();
        var text = "Each (model, harness) pair over its cells (task x repeat). Errors are not fails: " +
            "*graded* rates leave error cells out, *all cells* rates count them as not passed. Intervals are Wilson 95%. " +
            "Agent times are over graded cells (a timeout would say more about the limit than about the pair)." +
            (c.Audit ? " The audit-adjusted rate does not count passes whose audit label is read, execute or tamper (**⚑** marks pairs that have such passes), nor passes whose audit did not complete (unaudited)." : "") +
            " The reference harnesses (oracle, nop, wrong, hack-*) check the graders and are left out here and in every ranking: see Grader validity." +
            " In the HTML report, click a column header to sort by it" + (c.Audit ? " (e.g. by the audit-adjusted rate)." : ".") +
            (c.Tokens && r.TokenCounts.Estimated > 0 ? " " + EstimateNote : "");
        return new DocSection("leaderboard", "Leaderboard", [new DocText(text), Table(null, headers, rows, numericFrom: 3)]);
    }

    /// <summary>What the <see cref="Fmt.EstimateMark"/> on a token figure means; shown wherever marked figures appear.</summary>
    internal const string EstimateNote = "Token figures marked ~ (and costs computed from them) are estimates, not the endpoint's usage reports: " +
        "the model reported none (the scripted model estimates 4 characters per token; `tokens_source` in results.jsonl and cells.csv).";

    private static DocSection Frontier(Report r)
    {
        var estimated = r.Leaderboard.Where(p => p.TokensEstimated).Select(p => p.Label).ToHashSet(StringComparer.Ordinal);
        var blocks = new List<DocBlock>();
        foreach (var plot in new[] { r.TimeFrontier, r.TokenFrontier }.OfType<FrontierPlot>())
        {
            // Every point carries a number, never a name: names overlap where points crowd. The key below names them.
            var frontier = plot.Frontier.Select(f => f.Label).ToHashSet(StringComparer.Ordinal);
            var keyed = plot.Points.OrderByDescending(p => frontier.Contains(p.Label)).ThenByDescending(p => p.Rate).ThenBy(p => p.Cost)
                .ThenBy(p => p.Label, StringComparer.Ordinal).Select((p, i) => (Point: p, Number: i + 1)).ToList();
            var number = keyed.ToDictionary(k => k.Point.Label, k => k.Number, StringComparer.Ordinal);
            blocks.Add(new DocPlot($"Pass rate vs {plot.AxisLabel}", $"{plot.AxisLabel} ({plot.Unit})", "pass rate (graded)",
                [.. plot.Points.Select(p => new PlotPoint(p.Label, p.Cost, p.Rate, frontier.Contains(p.Label)) { Tag = Fmt.Count(number[p.Label]) })],
                [.. plot.Frontier.Select(p => new PlotPoint(p.Label, p.Cost, p.Rate, true))], LogX: false));
            var rows = keyed.Select(k => (IReadOnlyList<DocCell>)[new DocCell(Fmt.Count(k.Number)) { Sort = k.Number }, k.Point.Label,
                new DocCell(plot.Unit == "s" ? Fmt.Seconds(k.Point.Cost) : Fmt.Tokens(k.Point.Cost, estimated.Contains(k.Point.Label))) { Sort = k.Point.Cost },
                new DocCell(Fmt.Pct(k.Point.Rate)) { Sort = k.Point.Rate }, frontier.Contains(k.Point.Label) ? "yes" : ""]).ToList();
            blocks.Add(Table($"Key: the plot's numbers; on the Pareto frontier = no pair is both {(plot.Unit == "s" ? "faster" : "cheaper")} and better",
                ["#", "model / harness", plot.AxisLabel, "pass rate", "on the frontier"], rows, numericFrom: 2));
        }

        return new DocSection("frontier", "Speed / accuracy frontier", blocks);
    }

    /// <summary>
    /// The viewer's pages for the run, relative to report.html: they exist where the report is opened
    /// from `hbench view` or a `hbench view --export` (report.html sits next to cells/&lt;id&gt;.html there).
    /// </summary>
    internal const string ViewerRun = "index.html";

    internal static DocCell CellLink(string cellId) => new($"`{cellId}`") { Href = $"cells/{Uri.EscapeDataString(cellId)}.html" };

    private static DocSection? GraderValidity(Report r)
    {
        if (r.GraderValidity.Count == 0) return null;
        static DocCell Of(Rate? rate, bool mustPass) => rate is null ? "–"
            : new DocCell(Fmt.Fraction(rate) + ((mustPass ? rate.Successes == rate.Trials : rate.Successes == 0) ? "" : " **✗**")) { Sort = rate.Value ?? -1 };
        var rows = r.GraderValidity.Select(g => (IReadOnlyList<DocCell>)[g.Task, Of(g.Oracle, mustPass: true), Of(g.Nop, mustPass: false),
            Of(g.Wrong, mustPass: false), Of(g.Hacks, mustPass: false), Fmt.Count(g.Errors), g.Valid ? "ok" : "**INVALID**"]).ToList();
        return new DocSection("grader-validity", "Grader validity",
        [
            new DocText("The reference harnesses check the graders, not models, and are left out of every other table: `oracle` applies the task's reference solution " +
                "(must pass), `nop` changes nothing and `wrong` applies a plausible wrong solution (must fail), `hack-*` are the hack gate's subversion attempts " +
                "(must fail; `hbench tasks validate` also requires them to be audited tamper). Cells show passed / graded; ✗ marks the unexpected."),
            Table(null, ["task", "oracle (must pass)", "nop (must fail)", "wrong (must fail)", "hack attempts (must fail)", "errors", "grader"], rows, numericFrom: 1),
        ]);
    }

    /// <summary>Every cell (HTML only; cells.csv has the same rows): the report's way to a cell's page.</summary>
    private static DocSection? CellTable(Report r)
    {
        if (r.Cells.Count == 0) return null;
        const int max = 5000;
        var rows = r.Cells.OrderBy(c => c.Model, StringComparer.Ordinal).ThenBy(c => c.Harness, StringComparer.Ordinal)
            .ThenBy(c => c.Task, StringComparer.Ordinal).ThenBy(c => c.Repeat).Take(max)
            .Select(c => (IReadOnlyList<DocCell>)[CellLink(c.CellId), c.Model, c.Harness, c.Task, new DocCell(Fmt.Count(c.Repeat)) { Sort = c.Repeat },
                c.ErrorKind is { } k ? $"error: {Kebab(k)}" : c.Verdict.ToString().ToLowerInvariant(),
                c.Checks is { } ch ? new DocCell($"{ch.Passed}/{ch.Declared}") { Sort = ch.Declared == 0 ? 0 : (double)ch.Passed / ch.Declared } : "–",
                c.FailReason ?? "", c.Audit?.Label ?? "–",
                new DocCell(Fmt.Ms(c.Timings.AgentMs)) { Sort = c.Timings.AgentMs }]).ToList();
        return new DocSection("cells", "Cells",
        [
            new DocText($"Every cell{(r.Cells.Count > max ? $" (the first {max} of {r.Cells.Count}; cells.csv has all)" : "")}; the cell ids link to the viewer's cell pages " +
                "(open this report from `hbench view`, or from a `hbench view --export`)."),
            Table(null, ["cell", "model", "harness", "task", "repeat", "verdict", "checks", "why it failed", "audit", "agent time"], rows, numericFrom: 99),
        ])
        {
            HtmlOnly = true,
        };
    }

    private static DocSection Marginals(Report r)
    {
        static List<IReadOnlyList<DocCell>> Rows(IReadOnlyList<MarginalRow> rows) =>
            [.. rows.Select(m => (IReadOnlyList<DocCell>)[m.Name, Fmt.Fraction(m.Graded), Fmt.Count(m.Errors), Fmt.RateWithInterval(m.Graded), Fmt.RateWithInterval(m.All)])];
        List<string> headers(string what) => [what, "passed", "errors", "pass rate (graded) [95% CI]", "pass rate (all cells)"];
        var heat = r.Heatmap.Models.Select((m, i) => (IReadOnlyList<DocCell>)[m, .. r.Heatmap.Rates[i].Select(HeatCell)]).ToList();
        var sensitivity = r.Sensitivity.Select(s => (IReadOnlyList<DocCell>)[s.Model, Fmt.Count(s.HarnessCount),
            $"{s.Best} ({Fmt.Pct(s.BestRate)})", $"{s.Worst} ({Fmt.Pct(s.WorstRate)})", Fmt.Pct(s.Spread), s.StdDev is { } sd ? Fmt.Pct(sd) : "–"]).ToList();
        return new DocSection("marginals", "Models and harnesses",
        [
            Table("Per model (all harnesses)", headers("model"), Rows(r.Models), numericFrom: 1),
            Table("Per harness (all models)", headers("harness"), Rows(r.Harnesses), numericFrom: 1),
            Table("Pass rate (graded), model x harness", ["model", .. r.Heatmap.Harnesses], heat, numericFrom: 1),
            Table("Harness sensitivity: how much each model's pass rate depends on the harness", ["model", "harnesses", "best", "worst", "spread", "std dev"], sensitivity, numericFrom: 4),
        ]);
    }

    private static DocCell HeatCell(Rate? rate) =>
        rate?.Value is { } v ? new DocCell($"{Fmt.Pct(v)} ({Fmt.Fraction(rate)})", v) : new DocCell("–");

    internal static DocTable Table(string? caption, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<DocCell>> rows, int numericFrom) =>
        new(caption, headers, [.. headers.Select((_, i) => i >= numericFrom)], rows);

    /// <summary>The stored spelling of an error kind ("agent-timeout"), also for kinds added later.</summary>
    internal static string Kebab(Results.ErrorKind kind) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());
}
