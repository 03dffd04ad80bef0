using HarnessBench.Core.Results;

namespace HarnessBench.Core.Reports;

/// <summary>A cell's identity across runs: cell ids are stable, but matching on the parts reads better in reports.</summary>
public sealed record CellKey(string Model, string Harness, string Task, int Repeat)
{
    public override string ToString() => $"{Model} / {Harness} / {Task} / r{Repeat}";
}

/// <summary>A cell whose verdict differs between the two runs.</summary>
public sealed record VerdictChange(CellKey Cell, Verdict Before, Verdict After, ErrorKind? AfterError);

/// <summary>A (model, harness) audit-adjusted pass rate (clean passes over graded cells) before and after.</summary>
/// <param name="SignificantDrop">After is lower and the two Wilson 95% intervals do not overlap.</param>
public sealed record RateChange(string Model, string Harness, Rate Before, Rate After, bool SignificantDrop)
{
    public double? Delta => Before.Value is { } b && After.Value is { } a ? a - b : null;
}

/// <summary>
/// What changed from run A to run B. <see cref="IsRegression"/> (exit code 1 of `hbench diff`) is
/// true when any cell went from an honest pass to fail, or a (model, harness) audit-adjusted pass rate
/// dropped significantly (Wilson 95% intervals of A and B do not overlap). A pass the audit flagged
/// (read or worse) turning into a fail is listed apart and is no regression: the pass was not clean.
/// pass → error is listed but is not a regression: errors say nothing until rerun.
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

    /// <summary>Passes in A that the audit flagged and that are fails in B (not regressions).</summary>
    public IReadOnlyList<VerdictChange> FlaggedPassToFail { get; init; } = [];

    /// <summary>Tasks only A has cells of; with <see cref="TasksOnlyInB"/>, rates compare different task sets.</summary>
    public IReadOnlyList<string> TasksOnlyInA { get; init; } = [];

    public IReadOnlyList<string> TasksOnlyInB { get; init; } = [];

    public bool TaskSetsDiffer => TasksOnlyInA.Count > 0 || TasksOnlyInB.Count > 0;
}

/// <summary>Compares two runs cell by cell.</summary>
public static class RunDiff
{
    public static DiffResult Compare(string runA, IReadOnlyList<ReportCell> a, string runB, IReadOnlyList<ReportCell> b)
    {
        var before = Index(a);
        var after = Index(b);
        var passToFail = new List<VerdictChange>();
        var flaggedToFail = new List<VerdictChange>();
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
                (Verdict.Pass, Verdict.Fail) when Flagged(ca) => flaggedToFail,
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
        var tasksA = a.Select(c => c.Task).ToHashSet(StringComparer.Ordinal);
        var tasksB = b.Select(c => c.Task).ToHashSet(StringComparer.Ordinal);
        return new DiffResult(runA, runB, common, Sorted(passToFail), Sorted(failToPass), Sorted(errors), rates,
            [.. after.Keys.Where(k => !before.ContainsKey(k)).OrderBy(k => k.ToString(), StringComparer.Ordinal)],
            [.. before.Keys.Where(k => !after.ContainsKey(k)).OrderBy(k => k.ToString(), StringComparer.Ordinal)])
        {
            FlaggedPassToFail = Sorted(flaggedToFail),
            TasksOnlyInA = [.. tasksA.Except(tasksB).Order(StringComparer.Ordinal)],
            TasksOnlyInB = [.. tasksB.Except(tasksA).Order(StringComparer.Ordinal)],
        };
    }

    private static RateChange RateOf(string model, string harness, IReadOnlyList<ReportCell> a, IReadOnlyList<ReportCell> b)
    {
        // Audit-adjusted: a flagged pass is not a pass, so losing it is no drop.
        static Rate Of(IEnumerable<ReportCell> cells)
        {
            var list = cells.Where(c => c.Graded).ToList();
            return Rate.Of(list.Count(c => c.Passed && !Flagged(c)), list.Count);
        }

        var before = Of(a.Where(c => c.Model == model && c.Harness == harness));
        var after = Of(b.Where(c => c.Model == model && c.Harness == harness));
        var drop = before.Trials > 0 && after.Trials > 0 && after.Value < before.Value && after.High < before.Low;
        return new RateChange(model, harness, before, after, drop);
    }

    /// <summary>A pass the audit flagged (read or worse). An unaudited pass is not flagged: the diff has no evidence against it.</summary>
    private static bool Flagged(ReportCell cell) =>
        cell.Passed && AuditSeverities.TableRank(cell.Audit) is { } rank && rank >= AuditSeverities.FlagRank;

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
