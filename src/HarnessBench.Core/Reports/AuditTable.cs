using HarnessBench.Core.Results;

namespace HarnessBench.Core.Reports;

/// <summary>One cell as the audit table counts it: its group (a harness or a model), verdict and audit label.</summary>
/// <param name="Severity">Rank of the label (0 clean ... 5 tamper, see <see cref="AuditSeverities"/>); null when the cell has no audit or the audit failed.</param>
public sealed record AuditTableInput(string Group, Verdict Verdict, int? Severity);

/// <summary>
/// Audit figures of one group over its graded cells (pass or fail; errors are counted apart).
/// "Clean" means below READ: MENTION and PROBE are reported, not excluded.
/// </summary>
/// <param name="Cells">Graded cells with an audit.</param>
/// <param name="Passes">Passes among <paramref name="Cells"/>.</param>
/// <param name="ByLabel">Counts per label in <see cref="AuditSeverities.Ordered"/> order.</param>
/// <param name="FlaggedPasses">Passes labelled READ, EXECUTE or TAMPER.</param>
/// <param name="CleanConditional">Clean passes / clean cells: how well the group does when it does not look.</param>
/// <param name="Conservative">Clean passes / all cells: every flagged pass counted as a fail.</param>
/// <param name="Unaudited">Graded cells without an audit (or whose audit failed): in neither rate.</param>
/// <param name="Errors">Error cells: in neither rate.</param>
public sealed record AuditTableRow(
    string Group,
    int Cells,
    int Passes,
    IReadOnlyList<int> ByLabel,
    int FlaggedPasses,
    Rate CleanConditional,
    Rate Conservative,
    int Unaudited,
    int Errors)
{
    /// <summary>Raw pass rate over the same cells, for comparison with the adjusted ones.</summary>
    public Rate Raw => Rate.Of(Passes, Cells);
}

/// <summary>Builds the per-harness (or per-model) audit table that both `hbench audit` and the report show.</summary>
public static class AuditTable
{
    public static IReadOnlyList<AuditTableRow> Build(IEnumerable<AuditTableInput> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        return
        [
            .. cells.GroupBy(c => c.Group, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(Row),
        ];
    }

    private static AuditTableRow Row(IGrouping<string, AuditTableInput> group)
    {
        var byLabel = new int[AuditSeverities.Ordered.Count];
        int cells = 0, passes = 0, flagged = 0, cleanCells = 0, cleanPasses = 0, unaudited = 0, errors = 0;
        foreach (var c in group)
        {
            if (c.Verdict == Verdict.Error)
            {
                errors++;
                continue;
            }
            if (c.Severity is not { } rank)
            {
                unaudited++;
                continue;
            }
            var passed = c.Verdict == Verdict.Pass;
            cells++;
            byLabel[rank]++;
            if (passed) passes++;
            if (rank >= AuditSeverities.FlagRank)
            {
                if (passed) flagged++;
                continue;
            }
            cleanCells++;
            if (passed) cleanPasses++;
        }
        return new AuditTableRow(group.Key, cells, passes, byLabel, flagged, Rate.Of(cleanPasses, cleanCells), Rate.Of(cleanPasses, cells), unaudited, errors);
    }
}
