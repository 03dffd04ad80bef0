using System.Globalization;
using System.Text.RegularExpressions;

namespace HarnessBench.Core.Reports;

/// <summary>Per-task sections: difficulty, discrimination, parameters, paired variants.</summary>
public static partial class ReportBuilder
{
    private static List<TaskRow> TaskRows(IReadOnlyList<ReportCell> cells) =>
        [.. GroupBy(cells, c => c.Task)
            .Select(g =>
            {
                var graded = g.Value.Count(c => c.Graded);
                var first = g.Value[0];
                return new TaskRow(g.Key, first.Language, first.Difficulty, g.Value.Count, g.Value.Count - graded,
                    Rate.Of(g.Value.Count(c => c.Passed), graded));
            })
            // Hardest first.
            .OrderBy(r => r.Graded.Value ?? 2).ThenBy(r => r.Task, StringComparer.Ordinal)];

    private static Discrimination DiscriminationOf(IReadOnlyList<PairRow> leaderboard, IReadOnlyList<ReportCell> cells, int topCount)
    {
        var top = leaderboard.Where(r => r.Graded.Value is not null).Take(Math.Max(2, topCount)).ToList();
        if (top.Count < 2) return new Discrimination([.. top.Select(t => t.Label)], []);
        var index = top.Select((r, i) => (r, i)).ToDictionary(x => (x.r.Model, x.r.Harness), x => x.i);
        var counts = new Dictionary<string, (int Passes, int Graded)[]>(StringComparer.Ordinal);
        foreach (var c in cells)
        {
            if (!c.Graded || !index.TryGetValue((c.Model, c.Harness), out var i)) continue;
            if (!counts.TryGetValue(c.Task, out var row))
            {
                counts[c.Task] = row = new (int, int)[top.Count];
            }

            row[i] = (row[i].Passes + (c.Passed ? 1 : 0), row[i].Graded + 1);
        }

        var tasks = counts
            .Select(kv =>
            {
                var rates = kv.Value.Select(x => x.Graded == 0 ? (double?)null : (double)x.Passes / x.Graded).ToList();
                var known = rates.OfType<double>().ToList();
                return new DiscriminatingTask(kv.Key, rates, known.Count < 2 ? 0 : known.Max() - known.Min());
            })
            .Where(t => t.Spread > 0)
            .OrderByDescending(t => t.Spread).ThenBy(t => t.Task, StringComparer.Ordinal)
            .ToList();
        return new Discrimination([.. top.Select(t => t.Label)], tasks);
    }

    private static List<ParamsRow>? ParamsRows(IReadOnlyList<ReportCell> cells)
    {
        var rows = GroupBy(cells.Where(c => c.Params is not null), c => c.Model)
            .Select(g => (g, billions: ParamsText.Billions(g.Value[0].Params!)))
            .Where(x => x.billions is not null)
            .Select(x => new ParamsRow(x.g.Key, x.g.Value[0].Params!, x.billions!.Value,
                Rate.Of(x.g.Value.Count(c => c.Passed), x.g.Value.Count(c => c.Graded))))
            .OrderBy(r => r.Billions).ThenBy(r => r.Model, StringComparer.Ordinal)
            .ToList();
        return rows.Count == 0 ? null : rows;
    }

    private static PairComparison Compare(IReadOnlyList<ReportCell> cells, string modelA, string modelB)
    {
        var a = cells.Where(c => c.Model == modelA).ToList();
        var b = cells.Where(c => c.Model == modelB).ToList();
        var bByKey = b.Where(c => c.Graded).GroupBy(c => (c.Harness, c.Task, c.Repeat)).ToDictionary(g => g.Key, g => g.Last());
        int both = 0, onlyA = 0, onlyB = 0, neither = 0;
        foreach (var ca in a.Where(c => c.Graded))
        {
            if (!bByKey.TryGetValue((ca.Harness, ca.Task, ca.Repeat), out var cb)) continue;
            _ = (ca.Passed, cb.Passed) switch
            {
                (true, true) => both++,
                (true, false) => onlyA++,
                (false, true) => onlyB++,
                _ => neither++,
            };
        }

        var taskIds = a.Concat(b).Select(c => c.Task).Distinct().Order(StringComparer.Ordinal);
        var rows = taskIds.Select(t => new PairTaskRow(t,
            a.Count(c => c.Task == t && c.Passed), a.Count(c => c.Task == t && c.Graded),
            b.Count(c => c.Task == t && c.Passed), b.Count(c => c.Task == t && c.Graded))).ToList();
        return new PairComparison(modelA, modelB, rows, both + onlyA + onlyB + neither, both, onlyA, onlyB, neither,
            ReportStatistics.McNemarExact(onlyA, onlyB),
            Rate.Of(a.Count(c => c.Passed), a.Count(c => c.Graded)), Rate.Of(b.Count(c => c.Passed), b.Count(c => c.Graded)));
    }
}

/// <summary>Reads declared parameter counts ("7B", "1.5b", "480B-A35B" = 480 billion total, "350M").</summary>
public static partial class ParamsText
{
    /// <summary>Total parameters in billions, or null when the text is not a size.</summary>
    public static double? Billions(string text)
    {
        var match = SizePattern().Match(text.Trim());
        if (!match.Success) return null;
        var value = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        return match.Groups["u"].Value.ToUpperInvariant() switch
        {
            "T" => value * 1000,
            "M" => value / 1000,
            "K" => value / 1_000_000,
            _ => value,
        };
    }

    [GeneratedRegex(@"^(?<n>\d+(?:\.\d+)?)\s*(?<u>[TtBbMmKk])?", RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();
}
