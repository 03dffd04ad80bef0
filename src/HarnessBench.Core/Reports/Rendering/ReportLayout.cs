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
            Errors(report),
        ];
        return new ReportDocument($"HarnessBench report: {h.BenchName}", Facts(report), [.. sections.OfType<DocSection>()]);
    }

    private static IEnumerable<string> TokenFact(Report r)
    {
        var (estimated, metered) = r.TokenCounts;
        if (estimated == 0) yield break;
        yield return estimated == metered
            ? $"**Token counts:** estimated in all {metered} metered cells (marked ~): the model reported no usage"
            : $"**Token counts:** estimated in {estimated} of {metered} metered cells (marked ~): their model reported no usage";
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
        if (c.Audit) headers.Add("audit-adjusted");
        var rows = r.Leaderboard.Select((p, i) =>
        {
            List<DocCell> row =
            [
                Fmt.Count(i + 1), p.Model, p.Harness, Fmt.Fraction(p.Graded), Fmt.Count(p.Errors),
                Fmt.RateWithInterval(p.Graded), Fmt.RateWithInterval(p.All), $"{Fmt.Ms(p.MeanAgentMs)} / {Fmt.Ms(p.MedianAgentMs)}",
            ];
            if (c.Tokens) row.Add(Fmt.Tokens(p.TokensPerCell, p.TokensEstimated));
            if (c.Cost) row.Add(Fmt.Usd(p.CostPerCell, p.TokensEstimated));
            if (c.Audit) row.Add(p.AuditAdjusted is { } a ? Fmt.RateWithInterval(a) : "–");
            return (IReadOnlyList<DocCell>)row;
        }).ToList();
        var text = "Each (model, harness) pair over its cells (task x repeat). Errors are not fails: " +
            "*graded* rates leave error cells out, *all cells* rates count them as not passed. Intervals are Wilson 95%. " +
            "Agent times are over graded cells (a timeout would say more about the limit than about the pair)." +
            (c.Audit ? " The audit-adjusted rate does not count passes whose audit label is read, execute or tamper, nor passes whose audit did not complete (unaudited)." : "") +
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
            // Few points: every point carries its name. Many: frontier members carry their number in the table below.
            var numbered = plot.Points.Count > 10;
            var rank = plot.Frontier.Select((f, i) => (f.Label, i)).ToDictionary(x => x.Label, x => x.i + 1, StringComparer.Ordinal);
            string? Tag(FrontierPoint p) => rank.TryGetValue(p.Label, out var n) ? (numbered ? Fmt.Count(n) : p.Label) : numbered ? null : p.Label;
            blocks.Add(new DocPlot($"Pass rate vs {plot.AxisLabel}", $"{plot.AxisLabel} ({plot.Unit})", "pass rate (graded)",
                [.. plot.Points.Select(p => new PlotPoint(p.Label, p.Cost, p.Rate, rank.ContainsKey(p.Label)) { Tag = Tag(p) })],
                [.. plot.Frontier.Select(p => new PlotPoint(p.Label, p.Cost, p.Rate, true))], LogX: false));
            var rows = plot.Frontier.Select((p, i) => (IReadOnlyList<DocCell>)[Fmt.Count(i + 1), p.Label,
                plot.Unit == "s" ? Fmt.Seconds(p.Cost) : Fmt.Tokens(p.Cost, estimated.Contains(p.Label)), Fmt.Pct(p.Rate)]).ToList();
            blocks.Add(Table($"Pareto frontier: no pair is both {(plot.Unit == "s" ? "faster" : "cheaper")} and better",
                ["#", "model / harness", plot.AxisLabel, "pass rate"], rows, numericFrom: 2));
        }

        return new DocSection("frontier", "Speed / accuracy frontier", blocks);
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
