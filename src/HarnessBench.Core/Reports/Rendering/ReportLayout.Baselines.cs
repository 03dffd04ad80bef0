using System.Globalization;

namespace HarnessBench.Core.Reports.Rendering;

/// <summary>Baseline sections: harness uplift over the bare loop, and single-shot cells.</summary>
public static partial class ReportLayout
{
    private static DocSection? Uplift(Report r)
    {
        if (r.Uplift is not { } u) return null;
        var rows = u.Rows.Select(x => (IReadOnlyList<DocCell>)[x.Model, x.Harness, x.HasBare ? Fmt.Count(x.SharedTasks) : "–",
            $"{Fmt.Pct(x.Harnessed.Value)} ({Fmt.Fraction(x.Harnessed)})",
            x.Bare is { } b ? $"{Fmt.Pct(b.Value)} ({Fmt.Fraction(b)})" : x.HasBare ? "no shared tasks" : "no bare cells",
            x.Delta is { } d ? new DocCell(Signed(d), (d + 1) / 2) : "–"]).ToList();
        return new DocSection("uplift", "Harness uplift over the bare loop",
        [
            new DocText("`bare` is HarnessBench's own minimal tool-calling loop (read_file, write_file, run_command, search_code; " +
                "a turn limit) on the same model, gateway and sandbox: the no-harness baseline. Uplift = the harness's pass rate minus " +
                "the bare loop's on the same model, both over graded cells of the tasks both ran (so different task sets cannot skew it; percentage points)."),
            rows.Count == 0
                ? new DocText("No agent harness ran next to `bare` in this run.")
                : Table("Pass rate (graded) per harness vs bare, same model", ["model", "harness", "shared tasks", "harness pass rate", "bare pass rate", "uplift"], rows, numericFrom: 2),
        ]);
    }

    private static DocSection? SingleShot(Report r)
    {
        if (r.SingleShot is not { } s) return null;
        var rows = s.Tasks.Select(t => (IReadOnlyList<DocCell>)[t.Task, t.Model, $"{t.Passes}/{t.Cells}",
            Fmt.Tokens(t.MeanPromptTokens, t.TokensEstimated), Fmt.Tokens(t.MeanCompletionTokens, t.TokensEstimated), Fmt.Ms(t.MeanLatencyMs)]).ToList();
        var blocks = new List<DocBlock>
        {
            new DocText("Single-shot tasks: the prompt goes to the model once, without tools; the code in the reply is graded. " +
                "Tokens are the gateway's metering; latency is the model call's wall time (means over repeats)." +
                (s.Tasks.Any(t => t.TokensEstimated) ? " " + EstimateNote : "")),
            Table("Tokens and latency per task and model", ["task", "model", "passed", "prompt tokens", "completion tokens", "latency"], rows, numericFrom: 2),
        };
        if (s.Efficiency.Count > 0)
        {
            var eff = s.Efficiency.Select(e => (IReadOnlyList<DocCell>)[e.ModelA, e.ModelB, Fmt.Count(e.SharedTasks),
                Fmt.Tokens(e.CompletionTokensA, e.TokensEstimated), Fmt.Tokens(e.CompletionTokensB, e.TokensEstimated),
                e.Ratio is { } ratio ? ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "–",
                Fmt.Fraction(e.RateA), Fmt.Fraction(e.RateB)]).ToList();
            blocks.Add(Table("Token efficiency: completion tokens of A / B on the single-shot tasks both ran (< 1: A answers in fewer tokens)",
                ["model A", "model B", "shared tasks", "tokens A", "tokens B", "A / B", "passed A", "passed B"], eff, numericFrom: 2));
        }

        return new DocSection("single-shot", "Single-shot tasks", blocks);
    }

    private static string Signed(double delta)
    {
        var points = (delta * 100).ToString("0.0", CultureInfo.InvariantCulture);
        return delta > 0 ? $"+{points} pp" : $"{points} pp";
    }
}
