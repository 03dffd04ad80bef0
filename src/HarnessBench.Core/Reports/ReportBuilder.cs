using HarnessBench.Core.Results;

namespace HarnessBench.Core.Reports;

/// <summary>
/// Builds the <see cref="Report"/> of a set of cells. Pure and deterministic: every list has a
/// stable order (rates descending, then names ordinal), so renderings can be snapshot-tested.
/// Errors are never counted as fails: rates are given over graded cells and over all cells.
/// </summary>
public static partial class ReportBuilder
{
    public static Report Build(ReportInput input, ReportOptions? options = null)
    {
        options ??= ReportOptions.Default;
        // The reference harnesses (oracle, nop, wrong, the hack gate's attempts) check the graders; they
        // are not contestants: every ranking, plot and marginal is over the other cells.
        var cells = input.Cells.Where(c => !ReferenceHarnesses.Is(c.Harness)).ToList();
        var pairs = GroupBy(cells, c => (c.Model, c.Harness));
        var columns = new ReportColumns(
            Tokens: cells.Any(c => c.TotalTokens is not null),
            Cost: cells.Any(c => c.CostUsd is not null),
            Audit: cells.Any(c => c.Audit is not null));
        var leaderboard = pairs
            .Select(g => PairRowOf(g.Key.Model, g.Key.Harness, g.Value, columns))
            .OrderByDescending(r => r.Graded.Value ?? -1).ThenByDescending(r => r.All.Value ?? -1)
            .ThenBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Harness, StringComparer.Ordinal)
            .ToList();
        return new Report(
            Header(input),
            leaderboard,
            columns,
            TimeFrontier(leaderboard),
            columns.Tokens ? TokenFrontier(leaderboard) : null,
            Marginals(cells, c => c.Model),
            Marginals(cells, c => c.Harness),
            HeatmapOf(leaderboard),
            SensitivityOf(leaderboard),
            TaskRows(cells),
            DiscriminationOf(leaderboard, cells, options.TopPairs),
            ParamsRows(cells),
            options.PairA is { } a && options.PairB is { } b ? Compare(cells, a, b) : null,
            columns.Audit ? ContaminationOf(pairs) : null,
            cells.Any(c => c.Metering is not null) ? SpeedRows(pairs) : null,
            RepeatStatsOf(pairs))
        {
            Uplift = UpliftOf(cells),
            GraderValidity = GraderValidityOf(input.Cells),
            Cells = [.. input.Cells],
            SingleShot = SingleShotOf(cells),
            // Metered = the model was asked something: oracle or nop cells under a model carry an empty metering.
            TokenCounts = (cells.Count(c => c.Metering is { Estimated: true }), cells.Count(c => c.Metering is { } m && m.Requests is null or > 0)),
        };
    }

    internal static Dictionary<TKey, List<ReportCell>> GroupBy<TKey>(IEnumerable<ReportCell> cells, Func<ReportCell, TKey> key)
        where TKey : notnull
    {
        var groups = new Dictionary<TKey, List<ReportCell>>();
        foreach (var cell in cells)
        {
            var k = key(cell);
            if (!groups.TryGetValue(k, out var list))
            {
                groups[k] = list = [];
            }

            list.Add(cell);
        }

        return groups;
    }

    private static ReportHeader Header(ReportInput input)
    {
        var cells = input.Cells;
        var errors = cells.Where(c => c.ErrorKind is not null).GroupBy(c => c.ErrorKind!.Value)
            .Select(g => new KeyValuePair<ErrorKind, int>(g.Key, g.Count()))
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key).ToList();
        // Distinct first, format after: 100k cells share a handful of versions and images.
        var versions = cells.Where(c => c.HarnessVersion is not null).Select(c => (c.Harness, c.HarnessVersion)).Distinct()
            .Select(v => $"{v.Harness} {v.HarnessVersion}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var images = cells.Select(c => c.Images.Agent).Concat(cells.Select(c => c.Images.Grader)).OfType<CellImage>().Distinct()
            .Select(i => i.Id is null ? i.Reference : $"{i.Reference} ({ShortId(i.Id)})")
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new ReportHeader(
            input.BenchName,
            input.Runs,
            cells.Count == 0 ? null : cells.Min(c => c.StartedAt),
            cells.Count == 0 ? null : cells.Max(c => c.FinishedAt),
            input.Host,
            cells.Count,
            cells.Count(c => c.Graded),
            cells.Count(c => c.Passed),
            errors,
            versions,
            images,
            [
                .. LegacyLayoutCells(cells) is > 0 and var legacy
                    ? [$"{legacy} cell(s) ran with sandbox.layout: legacy (the real grader was visible to the agent): NOT a fair evaluation"]
                    : Array.Empty<string>(),
                .. VersionMismatches(cells),
                .. input.Warnings,
            ]);
    }

    /// <summary>"claude: 3 cell(s) ran a CLI reporting 2.0.0, not the pinned 2.1.330" per harness and reported version.</summary>
    private static IEnumerable<string> VersionMismatches(IReadOnlyList<ReportCell> cells) =>
        cells.Where(c => c.MismatchedHarnessVersion is not null)
            .GroupBy(c => (c.Harness, c.MismatchedHarnessVersion, c.HarnessVersion))
            .OrderBy(g => g.Key.Harness, StringComparer.Ordinal).ThenBy(g => g.Key.MismatchedHarnessVersion, StringComparer.Ordinal)
            .Select(g => $"{g.Key.Harness}: {g.Count()} cell(s) ran a CLI reporting version {g.Key.MismatchedHarnessVersion}, not the pinned {g.Key.HarnessVersion} (harness_version_mismatch)");

    private static int LegacyLayoutCells(IReadOnlyList<ReportCell> cells) =>
        cells.Count(c => c.Audit?.Decoys == Audit.Decoys.DecoyLayout.LegacyName);

    private static string ShortId(string id) => id.StartsWith("sha256:", StringComparison.Ordinal) && id.Length > 19 ? id[..19] : id;

    private static PairRow PairRowOf(string model, string harness, List<ReportCell> cells, ReportColumns columns)
    {
        var graded = 0;
        var passes = 0;
        var adjusted = 0;
        var flagged = 0;
        var agentMs = new List<double>(cells.Count);
        var tokens = new List<double>();
        var costs = new List<double>();
        var estimated = false;
        foreach (var c in cells)
        {
            if (c.Metering is { Estimated: true }) estimated = true;
            if (c.Graded) graded++;
            if (c.Passed) passes++;
            if (c.AuditAdjustedPass) adjusted++;
            if (c.Passed && AuditSeverities.TableRank(c.Audit) is { } rank && rank >= AuditSeverities.FlagRank) flagged++;
            if (c.Graded) agentMs.Add(c.Timings.AgentMs);
            if (c.TotalTokens is { } t) tokens.Add(t);
            if (c.CostUsd is { } cost) costs.Add(cost);
        }

        return new PairRow(model, harness, cells.Count, cells.Count - graded,
            Rate.Of(passes, graded), Rate.Of(passes, cells.Count),
            ReportStatistics.Mean(agentMs), ReportStatistics.Median(agentMs),
            columns.Tokens ? ReportStatistics.Mean(tokens) : null,
            columns.Cost ? ReportStatistics.Mean(costs) : null,
            columns.Audit ? Rate.Of(adjusted, graded) : null)
        {
            TokensEstimated = estimated,
            FlaggedPasses = flagged,
        };
    }

    /// <summary>Per task: the pass rate of each reference harness; valid = oracle always passes, the others never.</summary>
    private static List<GraderValidityRow> GraderValidityOf(IReadOnlyList<ReportCell> cells)
    {
        static Rate? RateOf(IEnumerable<ReportCell> cells)
        {
            var graded = cells.Where(c => c.Graded).ToList();
            return graded.Count == 0 ? null : Rate.Of(graded.Count(c => c.Passed), graded.Count);
        }

        return [.. GroupBy(cells.Where(c => ReferenceHarnesses.Is(c.Harness)), c => c.Task)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var oracle = RateOf(g.Value.Where(c => c.Harness == ReferenceHarnesses.Oracle));
                var nop = RateOf(g.Value.Where(c => c.Harness == ReferenceHarnesses.Nop));
                var wrong = RateOf(g.Value.Where(c => c.Harness == ReferenceHarnesses.Wrong));
                var hacks = RateOf(g.Value.Where(c => c.Harness.StartsWith(ReferenceHarnesses.HackPrefix, StringComparison.Ordinal)));
                var errors = g.Value.Count(c => !c.Graded);
                var valid = oracle is not { Successes: var s, Trials: var t } || s == t;
                valid &= new[] { nop, wrong, hacks }.All(r => r is null || r.Successes == 0);
                return new GraderValidityRow(g.Key, oracle, nop, wrong, hacks, errors, valid);
            })];
    }

    private static FrontierPlot TimeFrontier(IReadOnlyList<PairRow> rows)
    {
        var points = rows.Where(r => r.MeanAgentMs is not null && r.Graded.Value is not null)
            .Select(r => new FrontierPoint(r.Label, r.MeanAgentMs!.Value / 1000, r.Graded.Value!.Value)).ToList();
        return new FrontierPlot("mean agent time per task", "s", points, Pareto.Frontier(points));
    }

    private static FrontierPlot TokenFrontier(IReadOnlyList<PairRow> rows)
    {
        var points = rows.Where(r => r.TokensPerCell is not null && r.Graded.Value is not null)
            .Select(r => new FrontierPoint(r.Label, r.TokensPerCell!.Value, r.Graded.Value!.Value)).ToList();
        return new FrontierPlot("tokens per task", "tokens", points, Pareto.Frontier(points));
    }

    private static List<MarginalRow> Marginals(IReadOnlyList<ReportCell> cells, Func<ReportCell, string> key) =>
        [.. GroupBy(cells, key)
            .Select(g =>
            {
                var graded = g.Value.Count(c => c.Graded);
                var passes = g.Value.Count(c => c.Passed);
                return new MarginalRow(g.Key, g.Value.Count, g.Value.Count - graded, Rate.Of(passes, graded), Rate.Of(passes, g.Value.Count));
            })
            .OrderByDescending(r => r.Graded.Value ?? -1).ThenBy(r => r.Name, StringComparer.Ordinal)];

    private static Heatmap HeatmapOf(IReadOnlyList<PairRow> rows)
    {
        var models = rows.Select(r => r.Model).Distinct().Order(StringComparer.Ordinal).ToList();
        var harnesses = rows.Select(r => r.Harness).Distinct().Order(StringComparer.Ordinal).ToList();
        var byKey = rows.ToDictionary(r => (r.Model, r.Harness), r => r.Graded);
        var rates = models.Select(m => (IReadOnlyList<Rate?>)[.. harnesses.Select(h => byKey.GetValueOrDefault((m, h)))]).ToList();
        return new Heatmap(models, harnesses, rates);
    }

    private static List<SensitivityRow> SensitivityOf(IReadOnlyList<PairRow> rows) =>
        [.. rows.Where(r => r.Graded.Value is not null).GroupBy(r => r.Model)
            .Select(g =>
            {
                var ordered = g.OrderByDescending(r => r.Graded.Value).ThenBy(r => r.Harness, StringComparer.Ordinal).ToList();
                return new SensitivityRow(g.Key, ordered.Count, ordered[0].Harness, ordered[0].Graded.Value!.Value,
                    ordered[^1].Harness, ordered[^1].Graded.Value!.Value,
                    ReportStatistics.StdDev([.. ordered.Select(r => r.Graded.Value!.Value)]));
            })
            .OrderByDescending(r => r.Spread).ThenBy(r => r.Model, StringComparer.Ordinal)];
}
