namespace HarnessBench.Core.Reports;

/// <summary>Sections about baselines: the bare loop's harness uplift and the single-shot cells.</summary>
public static partial class ReportBuilder
{
    /// <summary>The bare loop's harness name (see <c>Harnesses.BareHarness</c>).</summary>
    public const string BareHarness = "bare";

    /// <summary>The single-shot pseudo-harness's name (see <c>Harnesses.SingleShotHarness</c>).</summary>
    public const string SingleShotHarness = "single-shot";

    // Not agent harnesses: reference harnesses apply fixed workspace changes without a model.
    private static readonly HashSet<string> NotAgentHarnesses = new(StringComparer.Ordinal) { BareHarness, SingleShotHarness, "oracle", "nop", "wrong" };

    private const int MaxEfficiencyRows = 50;

    internal static Uplift? UpliftOf(IReadOnlyList<ReportCell> cells)
    {
        if (!cells.Any(c => c.Harness == BareHarness)) return null;
        var rows = new List<UpliftRow>();
        foreach (var (model, modelCells) in GroupBy(cells, c => c.Model).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var bareCells = modelCells.Where(c => c.Harness == BareHarness && c.Graded).ToList();
            var bareTasks = bareCells.Select(c => c.Task).ToHashSet(StringComparer.Ordinal);
            foreach (var (harness, harnessCells) in GroupBy(modelCells.Where(c => !NotAgentHarnesses.Contains(c.Harness)), c => c.Harness).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var graded = harnessCells.Where(c => c.Graded).ToList();
                if (bareCells.Count == 0)
                {
                    rows.Add(new UpliftRow(model, harness, 0, Rate.Of(graded.Count(c => c.Passed), graded.Count), null, null));
                    continue;
                }

                var shared = graded.Select(c => c.Task).Where(bareTasks.Contains).ToHashSet(StringComparer.Ordinal);
                var mine = graded.Where(c => shared.Contains(c.Task)).ToList();
                var theirs = bareCells.Where(c => shared.Contains(c.Task)).ToList();
                var rate = Rate.Of(mine.Count(c => c.Passed), mine.Count);
                Rate? bare = theirs.Count == 0 ? null : Rate.Of(theirs.Count(c => c.Passed), theirs.Count);
                rows.Add(new UpliftRow(model, harness, shared.Count, rate, bare, rate.Value is { } h && bare?.Value is { } b ? h - b : null) { HasBare = true });
            }
        }

        return new Uplift(rows);
    }

    internal static SingleShotStats? SingleShotOf(IReadOnlyList<ReportCell> cells)
    {
        var single = cells.Where(c => c.Harness == SingleShotHarness).ToList();
        if (single.Count == 0) return null;
        var tasks = GroupBy(single, c => (c.Task, c.Model))
            .Select(g =>
            {
                var metered = g.Value.Where(c => c.Metering is not null).Select(c => c.Metering!).ToList();
                var answered = g.Value.Where(c => c.Graded).ToList();
                return new SingleShotTaskRow(g.Key.Task, g.Key.Model, g.Value.Count, g.Value.Count(c => c.Passed),
                    MeanOf(metered, m => m.PromptTokens), MeanOf(metered, m => m.CompletionTokens),
                    answered.Count == 0 ? null : answered.Average(c => (double)c.Timings.AgentProcessMs))
                {
                    TokensEstimated = metered.Any(m => m.Estimated),
                };
            })
            .OrderBy(r => r.Task, StringComparer.Ordinal).ThenBy(r => r.Model, StringComparer.Ordinal)
            .ToList();
        var byModel = tasks.Where(t => t.MeanCompletionTokens is not null).GroupBy(t => t.Model, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToDictionary(t => t.Task, StringComparer.Ordinal), StringComparer.Ordinal);
        var models = byModel.Keys.Order(StringComparer.Ordinal).ToList();
        var efficiency = new List<TokenEfficiencyRow>();
        for (var i = 0; i < models.Count && efficiency.Count < MaxEfficiencyRows; i++)
        {
            for (var j = i + 1; j < models.Count && efficiency.Count < MaxEfficiencyRows; j++)
            {
                var a = byModel[models[i]];
                var b = byModel[models[j]];
                var shared = a.Keys.Where(b.ContainsKey).ToList();
                if (shared.Count == 0) continue;
                var tokensA = shared.Sum(t => a[t].MeanCompletionTokens!.Value);
                var tokensB = shared.Sum(t => b[t].MeanCompletionTokens!.Value);
                efficiency.Add(new TokenEfficiencyRow(models[i], models[j], shared.Count, tokensA, tokensB, tokensB > 0 ? tokensA / tokensB : null,
                    PassRateOn(single, models[i], shared), PassRateOn(single, models[j], shared))
                {
                    TokensEstimated = shared.Any(t => a[t].TokensEstimated || b[t].TokensEstimated),
                });
            }
        }

        return new SingleShotStats(tasks, efficiency);
    }

    private static Rate PassRateOn(List<ReportCell> single, string model, List<string> tasks)
    {
        var graded = single.Where(c => c.Model == model && c.Graded && tasks.Contains(c.Task, StringComparer.Ordinal)).ToList();
        return Rate.Of(graded.Count(c => c.Passed), graded.Count);
    }
}
