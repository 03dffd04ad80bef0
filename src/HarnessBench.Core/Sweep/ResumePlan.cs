using System.Text;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;

namespace HarnessBench.Core.Sweep;

/// <summary>What a sweep will do with each planned cell given what is already stored.</summary>
public enum CellAction
{
    /// <summary>No stored result: run.</summary>
    Run,

    /// <summary>Already passed or failed with the same definition: skip.</summary>
    Skip,

    /// <summary>Stored as error interrupted: run again (always).</summary>
    RerunInterrupted,

    /// <summary>Stored as another error: run again only with <see cref="SweepOptions.RerunErrors"/>.</summary>
    RerunError,

    /// <summary>Stored with another definition hash: see <see cref="ChangedCellPolicy"/>.</summary>
    RerunChanged,

    /// <summary>Stored as fail: run again because of <see cref="SweepOptions.RerunFailed"/>.</summary>
    RerunFailed,

    /// <summary>Would run, but <see cref="SweepOptions.Limit"/> leaves it for a later invocation.</summary>
    Deferred,
}

/// <summary>One planned cell with its action and the result it would supersede.</summary>
public sealed record PlannedCell(Cell Cell, CellAction Action, CellResult? Previous);

/// <summary>
/// The resume decision for every cell of a plan (pure). Rules: the last stored line per cell id
/// counts; pass/fail with the same definition hash is done (fails rerun with <see cref="SweepOptions.RerunFailed"/>);
/// interrupted always reruns; other errors rerun with <see cref="SweepOptions.RerunErrors"/>; a different
/// hash follows <see cref="SweepOptions.ChangedCells"/>; past <see cref="SweepOptions.Limit"/> cells to run, the rest are deferred.
/// </summary>
public sealed record ResumePlan(IReadOnlyList<PlannedCell> Cells, int StoredCellsNotInPlan)
{
    public IReadOnlyList<Cell> ToRun => [.. Cells.Where(c => c.Action is not (CellAction.Skip or CellAction.Deferred)).Select(c => c.Cell)];

    public IReadOnlyList<PlannedCell> Changed => [.. Cells.Where(c => c.Previous is not null && c.Previous.DefinitionHash != c.Cell.DefinitionHash)];

    public int Count(CellAction action) => Cells.Count(c => c.Action == action);

    public static ResumePlan Compute(Plan plan, StoredResults stored, SweepOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(options);
        var cells = plan.Cells.Select(cell =>
        {
            if (!stored.Latest.TryGetValue(cell.Id.Value, out var previous)) return new PlannedCell(cell, CellAction.Run, null);
            var changed = previous.DefinitionHash != cell.DefinitionHash;
            var action = previous switch
            {
                _ when changed && options.ChangedCells != ChangedCellPolicy.Keep => CellAction.RerunChanged,
                { Verdict: Verdict.Error, ErrorKind: ErrorKind.Interrupted } => CellAction.RerunInterrupted,
                { Verdict: Verdict.Error } => options.RerunErrors ? CellAction.RerunError : CellAction.Skip,
                { Verdict: Verdict.Fail } when options.RerunFailed => CellAction.RerunFailed,
                _ => CellAction.Skip,
            };
            return new PlannedCell(cell, action, previous);
        }).ToList();
        if (options.Limit is { } limit)
        {
            var runnable = 0;
            for (var i = 0; i < cells.Count; i++)
            {
                if (cells[i].Action is CellAction.Skip) continue;
                if (++runnable > limit) cells[i] = cells[i] with { Action = CellAction.Deferred };
            }
        }
        var planned = plan.Cells.Select(c => c.Id.Value).ToHashSet(StringComparer.Ordinal);
        return new ResumePlan(cells, stored.Latest.Keys.Count(id => !planned.Contains(id)));
    }

    /// <summary>True when the sweep must not start: cells changed and the policy is <see cref="ChangedCellPolicy.Refuse"/>.</summary>
    public bool MustRefuse(SweepOptions options) => options.ChangedCells == ChangedCellPolicy.Refuse && Changed.Count > 0;

    /// <summary>The message shown when refusing: which cells changed and what to do.</summary>
    public string DescribeChanged(int maxListed = 20)
    {
        var changed = Changed;
        var text = new StringBuilder()
            .Append(changed.Count).Append(" cell(s) already have results from a different definition ")
            .AppendLine("(bench.yaml, task files, harness version, limits or timeouts changed since they ran):");
        foreach (var cell in changed.Take(maxListed))
            text.Append("  ").AppendLine(cell.Cell.Id.Value);
        if (changed.Count > maxListed) text.Append("  ... and ").Append(changed.Count - maxListed).AppendLine(" more");
        return text.Append("Rerun them with --allow-changed, keep the old results with --keep-changed, or start a new run name.").ToString();
    }
}
