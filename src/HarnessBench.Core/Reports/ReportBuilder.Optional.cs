namespace HarnessBench.Core.Reports;

/// <summary>Sections that appear only with their data: contamination (audit), speed (metering), repeats.</summary>
public static partial class ReportBuilder
{
    private const int MaxFlagged = 50;

    private static Contamination ContaminationOf(Dictionary<(string Model, string Harness), List<ReportCell>> pairs)
    {
        var severities = AuditSeverities.Ordered;
        var rows = pairs
            .Select(g =>
            {
                var counts = new int[severities.Count];
                int audited = 0, flaggedPasses = 0, unaudited = 0;
                foreach (var c in g.Value)
                {
                    if (c.Audit is null) continue;
                    // An audit that did not complete is its own column: counting it as clean is the claim it cannot make.
                    if (AuditSeverities.TableRank(c.Audit) is not { } rank)
                    {
                        unaudited++;
                        continue;
                    }
                    counts[rank]++;
                    audited++;
                    if (c.Passed && rank >= AuditSeverities.FlagRank) flaggedPasses++;
                }

                return new ContaminationRow(g.Key.Model, g.Key.Harness, audited, counts, flaggedPasses) { Unaudited = unaudited };
            })
            .OrderBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Harness, StringComparer.Ordinal)
            .ToList();
        var flagged = pairs.Values.SelectMany(v => v)
            .Where(c => AuditSeverities.TableRank(c.Audit) >= 2)
            .OrderByDescending(c => AuditSeverities.Rank(c.Audit!.Severity)).ThenBy(c => c.CellId, StringComparer.Ordinal)
            .Take(MaxFlagged)
            .Select(c => new FlaggedCell(c.CellId, c.Audit!.Severity!.ToLowerInvariant(), c.Verdict.ToString().ToLowerInvariant(),
                FindingsText(c.Audit.Findings ?? [])))
            .ToList();
        var byHarness = AuditTable.Build(pairs.Values.SelectMany(v => v)
            .Select(c => new AuditTableInput(c.Harness, c.Verdict, AuditSeverities.TableRank(c.Audit))));
        var unauditedPasses = pairs.Values.SelectMany(v => v).Count(c => c.Audit is not null && c.UnauditedPass);
        return new Contamination(severities, rows, flagged, byHarness) { UnauditedPasses = unauditedPasses };
    }

    // A cell can carry dozens of findings with long snippets: the table shows the first few, shortened.
    private static string FindingsText(IReadOnlyList<string> findings)
    {
        const int Shown = 3, MaxLength = 120;
        var text = string.Join("; ", findings.Take(Shown).Select(f => f.ReplaceLineEndings(" ") is { Length: > MaxLength } t ? t[..MaxLength] + "..." : f.ReplaceLineEndings(" ")));
        return findings.Count > Shown ? $"{text}; (+{findings.Count - Shown} more)" : text;
    }

    private static List<SpeedRow> SpeedRows(Dictionary<(string Model, string Harness), List<ReportCell>> pairs) =>
        [.. pairs
            .Select(g =>
            {
                var metered = g.Value.Where(c => c.Metering is not null).Select(c => c.Metering!).ToList();
                return new SpeedRow(g.Key.Model, g.Key.Harness, metered.Count,
                    MeanOf(metered, m => m.Requests), MeanOf(metered, m => m.PromptTokens), MeanOf(metered, m => m.CompletionTokens),
                    MeanOf(metered, m => m.ReasoningTokens), MeanOf(metered, m => m.TtftMs),
                    ReportStatistics.Median([.. metered.Where(m => m.TokensPerSecond is not null).Select(m => m.TokensPerSecond!.Value)]))
                {
                    TokensEstimated = metered.Any(m => m.Estimated),
                };
            })
            .Where(r => r.Metered > 0)
            .OrderBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Harness, StringComparer.Ordinal)];

    private static double? MeanOf(List<CellMetering> metered, Func<CellMetering, double?> value)
    {
        double sum = 0;
        var n = 0;
        foreach (var m in metered)
        {
            if (value(m) is not { } v) continue;
            sum += v;
            n++;
        }

        return n == 0 ? null : sum / n;
    }

    private static double? MeanOf(List<CellMetering> metered, Func<CellMetering, long?> value) => MeanOf(metered, m => (double?)value(m));

    private static RepeatStats? RepeatStatsOf(Dictionary<(string Model, string Harness), List<ReportCell>> pairs)
    {
        var maxRepeat = pairs.Values.SelectMany(v => v).Select(c => c.Repeat).DefaultIfEmpty(1).Max();
        if (maxRepeat < 2) return null;
        int[] candidates = [1, 3, 5, 10, maxRepeat];
        var ks = candidates.Where(k => k <= maxRepeat).Distinct().Order().ToList();
        var rows = pairs
            .Select(g => RepeatRowOf(g.Key.Model, g.Key.Harness, g.Value, ks))
            .OrderBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Harness, StringComparer.Ordinal)
            .ToList();
        var tasks = pairs
            .SelectMany(g => GroupBy(g.Value.Where(c => c.Graded).ToList(), c => c.Task).Select(t => RepeatTaskRowOf(g.Key.Model, g.Key.Harness, t.Key, t.Value)))
            .Where(t => t.Repeats >= 2)
            .OrderBy(t => t.Model, StringComparer.Ordinal).ThenBy(t => t.Harness, StringComparer.Ordinal).ThenBy(t => t.Task, StringComparer.Ordinal)
            .ToList();
        return new RepeatStats(ks, rows) { Tasks = tasks };
    }

    private static RepeatTaskRow RepeatTaskRowOf(string model, string harness, string task, List<ReportCell> graded)
    {
        var passes = graded.Select(c => c.Passed ? 1.0 : 0.0).ToList();
        var times = graded.Select(c => (double)c.Timings.AgentMs).ToList();
        return new RepeatTaskRow(model, harness, task, graded.Count, passes.Average(), ReportStatistics.StdDev(passes),
            ReportStatistics.Mean(times), ReportStatistics.StdDev(times));
    }

    private static RepeatRow RepeatRowOf(string model, string harness, List<ReportCell> cells, List<int> ks)
    {
        // Per repeat index: the pair's pass rate (over graded cells) and mean agent time.
        var byRepeat = GroupBy(cells, c => c.Repeat).OrderBy(g => g.Key)
            .Select(g => (Graded: g.Value.Where(c => c.Graded).ToList(), All: g.Value))
            .Where(r => r.Graded.Count > 0)
            .ToList();
        var rates = byRepeat.Select(r => (double)r.Graded.Count(c => c.Passed) / r.Graded.Count).ToList();
        var times = byRepeat.Select(r => r.Graded.Average(c => (double)c.Timings.AgentMs)).ToList();
        // pass@k: per task, n graded repeats and c passes; averaged over tasks with n >= k.
        var perTask = GroupBy(cells.Where(c => c.Graded), c => c.Task)
            .Select(g => (N: g.Value.Count, C: g.Value.Count(c => c.Passed))).ToList();
        var passAtK = ks.Select(k =>
        {
            var eligible = perTask.Where(t => t.N >= k).ToList();
            return eligible.Count == 0 ? (double?)null : eligible.Average(t => ReportStatistics.PassAtK(t.N, t.C, k));
        }).ToList();
        return new RepeatRow(model, harness, byRepeat.Count,
            rates.Count == 0 ? 0 : rates.Average(), ReportStatistics.StdDev(rates),
            rates.Count == 0 ? 0 : rates.Min(), rates.Count == 0 ? 0 : rates.Max(),
            ReportStatistics.Mean(times), ReportStatistics.StdDev(times), passAtK);
    }
}
