namespace HarnessBench.Core.Reports.Rendering;

/// <summary>Per-task and optional sections.</summary>
public static partial class ReportLayout
{
    private static DocSection Tasks(Report r)
    {
        var rows = r.Tasks.Select(t => (IReadOnlyList<DocCell>)[t.Task, t.Language ?? "–", t.Difficulty ?? "–",
            Fmt.Fraction(t.Graded), Fmt.Count(t.Errors), new DocCell(Fmt.RateWithInterval(t.Graded), t.Graded.Value)]).ToList();
        var blocks = new List<DocBlock>
        {
            Table("Pass rate per task over every cell, hardest first", ["task", "language", "difficulty", "passed", "errors", "pass rate (graded) [95% CI]"], rows, numericFrom: 3),
        };
        var d = r.Discrimination;
        if (d.Tasks.Count > 0)
        {
            var drows = d.Tasks.Select(t => (IReadOnlyList<DocCell>)[t.Task, .. t.Rates.Select(x => new DocCell(Fmt.Pct(x), x)), Fmt.Pct(t.Spread)]).ToList();
            blocks.Add(Table($"Tasks that separate the top {d.TopPairs.Count} pairs (pass rate per pair; spread = best - worst)", ["task", .. d.TopPairs, "spread"], drows, numericFrom: 1));
        }
        else
        {
            blocks.Add(new DocText(d.TopPairs.Count < 2 ? "Fewer than two pairs: no discrimination to show." : $"The top {d.TopPairs.Count} pairs agree on every task."));
        }

        return new DocSection("tasks", "Tasks", blocks);
    }

    private static DocSection? Params(Report r)
    {
        if (r.Params is not { } rows) return null;
        var table = rows.Select(p => (IReadOnlyList<DocCell>)[p.Model, p.Declared, Fmt.Num(p.Billions, "0.###"), Fmt.Fraction(p.Graded), Fmt.RateWithInterval(p.Graded)]).ToList();
        return new DocSection("params", "Pass rate vs model size",
        [
            new DocPlot("Pass rate vs total parameters", "total parameters (billions, log scale)", "pass rate (graded)",
                [.. rows.Where(p => p.Graded.Value is not null).Select(p => new PlotPoint(p.Model, p.Billions, p.Graded.Value!.Value, false))], [], LogX: true),
            Table("Models with declared `params` (all harnesses)", ["model", "params", "billions", "passed", "pass rate (graded) [95% CI]"], table, numericFrom: 2),
        ]);
    }

    private static DocSection? Pair(Report r)
    {
        if (r.Pair is not { } p) return null;
        var rows = p.Tasks.Select(t => (IReadOnlyList<DocCell>)[t.Task, $"{t.PassesA}/{t.GradedA}", $"{t.PassesB}/{t.GradedB}", t.Delta > 0 ? $"+{t.Delta}" : Fmt.Count(t.Delta)]).ToList();
        var verdict = p.PValue < 0.05 ? "the difference is significant at 5%" : "no significant difference at 5%";
        return new DocSection("pair", $"Paired comparison: {p.ModelA} vs {p.ModelB}",
        [
            new DocText($"`{p.ModelA}`: {Fmt.RateWithInterval(p.RateA)}; `{p.ModelB}`: {Fmt.RateWithInterval(p.RateB)}. " +
                $"Over {p.PairedCells} paired cells (same harness, task and repeat, both graded): both pass {p.BothPass}, only {p.ModelA} {p.OnlyA}, " +
                $"only {p.ModelB} {p.OnlyB}, both fail {p.BothFail}. Exact McNemar p = {Fmt.P(p.PValue)}: {verdict}."),
            Table("Passes per task (graded cells, all harnesses)", ["task", p.ModelA, p.ModelB, "delta (B - A)"], rows, numericFrom: 1),
        ]);
    }

    private static DocSection? Contamination(Report r)
    {
        if (r.Contamination is not { } c) return null;
        var rows = c.Rows.Select(x => (IReadOnlyList<DocCell>)[x.Model, x.Harness, Fmt.Count(x.Audited), .. x.BySeverity.Select(n => (DocCell)Fmt.Count(n)),
            Fmt.Count(x.Unaudited), Fmt.Count(x.FlaggedPasses)]).ToList();
        var unaudited = c.UnauditedPasses == 0 ? "" : $" {c.UnauditedPasses} pass(es) are unaudited and count in no audit-adjusted rate.";
        var blocks = new List<DocBlock>
        {
            new DocText("Audit of each cell (decoy and canary hits, trajectory scan, workspace tamper diff). Passes labelled read, execute or tamper are left out of the audit-adjusted pass rate. " +
                "*Unaudited* cells are those whose audit did not complete (the auditor failed, or a log could not be read, and nothing at read or above was found): they are not called clean, and their passes are left out of the audit-adjusted rates too." + unaudited),
            Table("Audited cells by label", ["model", "harness", "audited", .. c.Severities, AuditSeverities.Unaudited, "flagged passes"], rows, numericFrom: 2),
        };
        if (c.ByHarness.Count > 0)
        {
            var harnessRows = c.ByHarness.Select(h => (IReadOnlyList<DocCell>)[h.Group, Fmt.Count(h.Cells), Fmt.Count(h.Passes),
                .. h.ByLabel.Select(n => (DocCell)Fmt.Count(n)), Fmt.Count(h.Unaudited), Fmt.Count(h.FlaggedPasses),
                new DocCell(Fmt.RateWithInterval(h.Raw), h.Raw.Value), new DocCell(Fmt.RateWithInterval(h.CleanConditional), h.CleanConditional.Value),
                new DocCell(Fmt.RateWithInterval(h.Conservative), h.Conservative.Value)]).ToList();
            blocks.Add(Table("Per harness over audited graded cells: clean = below read (mention and probe count as clean); clean-conditional = clean passes / clean cells; conservative = clean passes / all cells; unaudited cells are in neither rate",
                ["harness", "cells", "passes", .. c.Severities, AuditSeverities.Unaudited, "flagged passes", "pass rate [95% CI]", "clean-conditional [95% CI]", "conservative [95% CI]"], harnessRows, numericFrom: 1));
        }
        if (c.Flagged.Count > 0)
        {
            var flagged = c.Flagged.Select(f => (IReadOnlyList<DocCell>)[CellLink(f.CellId), f.Severity, f.Verdict, f.Findings]).ToList();
            blocks.Add(Table("Cells labelled probe or worse", ["cell", "label", "verdict", "findings"], flagged, numericFrom: 99));
        }

        return new DocSection("contamination", "Contamination", blocks);
    }

    private static DocSection? Speed(Report r)
    {
        if (r.Speed is not { } rows) return null;
        var table = rows.Select(s => (IReadOnlyList<DocCell>)[s.Model, s.Harness, Fmt.Count(s.Metered), Fmt.Num(s.MeanRequests),
            Fmt.Tokens(s.MeanPromptTokens, s.TokensEstimated), Fmt.Tokens(s.MeanCompletionTokens, s.TokensEstimated), Fmt.Tokens(s.MeanReasoningTokens, s.TokensEstimated),
            Fmt.Ms(s.MeanTtftMs), Fmt.Num(s.MedianTokensPerSecond)]).ToList();
        List<DocBlock> blocks =
        [
            Table("Per cell means; tokens/s is the median generation speed of streamed requests (– where none streamed: the bare loop and single-shot calls do not; " +
                "their completion tokens over request time is `end_to_end_tokens_per_second` in cells.csv, not a generation speed)",
                ["model", "harness", "metered cells", "requests", "prompt tokens", "completion tokens", "reasoning tokens", "TTFT", "tokens/s"], table, numericFrom: 2),
        ];
        if (rows.Any(s => s.TokensEstimated)) blocks.Insert(0, new DocText(EstimateNote));
        return new DocSection("speed", "Speed (gateway metering)", blocks);
    }

    private static DocSection? Repeats(Report r)
    {
        if (r.Repeats is not { } rep) return null;
        var rows = rep.Rows.Select(x => (IReadOnlyList<DocCell>)[x.Model, x.Harness, Fmt.Count(x.Repeats), Fmt.Pct(x.MeanRate),
            x.RateStdDev is { } sd ? Fmt.Pct(sd) : "–", $"{Fmt.Pct(x.MinRate)} – {Fmt.Pct(x.MaxRate)}", Fmt.Ms(x.MeanAgentMs), Fmt.Ms(x.AgentMsStdDev),
            .. x.PassAtK.Select(v => (DocCell)Fmt.Pct(v))]).ToList();
        return new DocSection("repeats", "Repeats",
        [
            new DocText("Pass rate and mean agent time per repeat, then their mean and spread. pass@k is the unbiased estimator 1 - C(n-c, k)/C(n, k) per task (n graded repeats, c passes), averaged over tasks with n >= k."),
            Table(null, ["model", "harness", "repeats", "mean pass rate", "std dev", "range", "mean agent time", "std dev", .. rep.Ks.Select(k => $"pass@{k}")], rows, numericFrom: 2),
            .. RepeatTasks(rep),
        ]);
    }

    /// <summary>Per (model, harness, task): pass (0/1 per graded repeat) and agent time, mean and sample std dev.</summary>
    private static IEnumerable<DocBlock> RepeatTasks(RepeatStats rep)
    {
        if (rep.Tasks.Count == 0) yield break;
        var rows = rep.Tasks.Select(t => (IReadOnlyList<DocCell>)[t.Model, t.Harness, t.Task, Fmt.Count(t.Repeats), Fmt.Pct(t.PassMean),
            t.PassStdDev is { } sd ? Fmt.Pct(sd) : "–", Fmt.Ms(t.MeanAgentMs), Fmt.Ms(t.AgentMsStdDev)]).ToList();
        yield return Table("Per task: pass (1 or 0 per graded repeat) and agent time across repeats", ["model", "harness", "task", "repeats", "mean pass", "std dev", "mean agent time", "std dev"], rows, numericFrom: 3);
    }

    private static DocSection? Errors(Report r)
    {
        if (r.Header.ErrorsByKind.Count == 0) return null;
        var rows = r.Header.ErrorsByKind.Select(e => (IReadOnlyList<DocCell>)[Kebab(e.Key), Fmt.Count(e.Value)]).ToList();
        var pairs = r.Leaderboard.Where(p => p.Errors > 0).Select(p => (IReadOnlyList<DocCell>)[p.Model, p.Harness, Fmt.Count(p.Errors), Fmt.Count(p.Cells)]).ToList();
        return new DocSection("errors", "Errors",
        [
            new DocText("Cells without a trustworthy verdict. They are not counted as fails; `./hbench run --rerun-errors` reruns them."),
            Table("By kind", ["error kind", "cells"], rows, numericFrom: 1),
            Table("By pair", ["model", "harness", "errors", "cells"], pairs, numericFrom: 2),
        ]);
    }
}
