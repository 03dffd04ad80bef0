using HarnessBench.Core.Results;

namespace HarnessBench.Core.Reports;

/// <summary>A cell's identity across runs: cell ids are stable, but matching on the parts reads better in reports.</summary>
public sealed record CellKey(string Model, string Harness, string Task, int Repeat)
{
    public override string ToString() => $"{Model} / {Harness} / {Task} / r{Repeat}";
}

/// <summary>A cell whose verdict differs between the two runs.</summary>
public sealed record VerdictChange(CellKey Cell, Verdict Before, Verdict After, ErrorKind? AfterError);

/// <summary>A (model, harness) pass rate (graded) before and after.</summary>
/// <param name="SignificantDrop">After is lower and the two Wilson 95% intervals do not overlap.</param>
public sealed record RateChange(string Model, string Harness, Rate Before, Rate After, bool SignificantDrop)
{
    public double? Delta => Before.Value is { } b && After.Value is { } a ? a - b : null;
}

/// <summary>
/// What changed from run A to run B. <see cref="IsRegression"/> (exit code 1 of `hbench diff`) is
/// true when any cell went pass → fail, or a (model, harness) pass rate dropped significantly
/// (Wilson 95% intervals of A and B do not overlap). pass → error is listed but is not a regression:
/// errors say nothing about the model or harness until rerun.
/// </summary>
public sealed record DiffResult(
    string RunA,
    string RunB,
    int Common,
    IReadOnlyList<VerdictChange> PassToFail,
    IReadOnlyList<VerdictChange> FailToPass,
    IReadOnlyList<VerdictChange> ToOrFromError,
    IReadOnlyList<RateChange> Rates,
    IReadOnlyList<CellKey> New,
    IReadOnlyList<CellKey> Missing)
{
    public bool IsRegression => PassToFail.Count > 0 || Rates.Any(r => r.SignificantDrop);
}

/// <summary>Compares two runs cell by cell.</summary>
public static class RunDiff
{
    public static DiffResult Compare(string runA, IReadOnlyList<ReportCell> a, string runB, IReadOnlyList<ReportCell> b)
    {
        var before = Index(a);
        var after = Index(b);
        var passToFail = new List<VerdictChange>();
        var failToPass = new List<VerdictChange>();
        var errors = new List<VerdictChange>();
        var common = 0;
        foreach (var (key, cb) in after)
        {
            if (!before.TryGetValue(key, out var ca)) continue;
            common++;
            if (ca.Verdict == cb.Verdict) continue;
            var change = new VerdictChange(key, ca.Verdict, cb.Verdict, cb.ErrorKind);
            var list = (ca.Verdict, cb.Verdict) switch
            {
                (Verdict.Pass, Verdict.Fail) => passToFail,
                (Verdict.Fail, Verdict.Pass) => failToPass,
                _ => errors,
            };
            list.Add(change);
        }

        var rates = a.Concat(b).Select(c => (c.Model, c.Harness)).Distinct()
            .Select(p => RateOf(p.Model, p.Harness, a, b))
            .OrderBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Harness, StringComparer.Ordinal)
            .ToList();
        return new DiffResult(runA, runB, common, Sorted(passToFail), Sorted(failToPass), Sorted(errors), rates,
            [.. after.Keys.Where(k => !before.ContainsKey(k)).OrderBy(k => k.ToString(), StringComparer.Ordinal)],
            [.. before.Keys.Where(k => !after.ContainsKey(k)).OrderBy(k => k.ToString(), StringComparer.Ordinal)]);
    }

    private static RateChange RateOf(string model, string harness, IReadOnlyList<ReportCell> a, IReadOnlyList<ReportCell> b)
    {
        static Rate Of(IEnumerable<ReportCell> cells)
        {
            var list = cells.Where(c => c.Graded).ToList();
            return Rate.Of(list.Count(c => c.Passed), list.Count);
        }

        var before = Of(a.Where(c => c.Model == model && c.Harness == harness));
        var after = Of(b.Where(c => c.Model == model && c.Harness == harness));
        var drop = before.Trials > 0 && after.Trials > 0 && after.Value < before.Value && after.High < before.Low;
        return new RateChange(model, harness, before, after, drop);
    }

    private static Dictionary<CellKey, ReportCell> Index(IReadOnlyList<ReportCell> cells)
    {
        var index = new Dictionary<CellKey, ReportCell>();
        foreach (var c in cells)
        {
            index[new CellKey(c.Model, c.Harness, c.Task, c.Repeat)] = c;
        }

        return index;
    }

    private static List<VerdictChange> Sorted(List<VerdictChange> changes) =>
        [.. changes.OrderBy(c => c.Cell.ToString(), StringComparer.Ordinal)];
}
