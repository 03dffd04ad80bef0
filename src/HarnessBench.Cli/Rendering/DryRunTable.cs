using System.Text.Json;
using HarnessBench.Core.Results;
using HarnessBench.Core.Sweep;

namespace HarnessBench.Cli.Rendering;

/// <summary>`hbench run --dry-run`: every planned cell, what the sweep would do with it and why.</summary>
internal static class DryRunTable
{
    public static void Print(ResumePlan resume, bool refused, TextWriter output)
    {
        var width = Math.Max(8, resume.Cells.Select(c => c.Cell.Id.Value.Length).DefaultIfEmpty(0).Max());
        output.WriteLine($"{"cell".PadRight(width)}  {"action",-8}  why");
        foreach (var cell in resume.Cells)
            output.WriteLine($"{cell.Cell.Id.Value.PadRight(width)}  {Action(cell.Action, refused),-8}  {Why(cell)}");
        output.WriteLine(Totals(resume, refused));
        if (refused) output.WriteLine(resume.DescribeChanged());
    }

    public static string Json(ResumePlan resume, bool refused) => JsonSerializer.Serialize(new
    {
        dry_run = true,
        refused,
        cells = resume.Cells.Select(c => new { cell_id = c.Cell.Id.Value, action = Action(c.Action, refused), why = Why(c), previous = c.Previous is { } p ? VerdictText.Of(p) : null }),
        to_run = refused ? 0 : resume.ToRun.Count,
        done = resume.Count(CellAction.Skip),
        deferred = resume.Count(CellAction.Deferred),
    });

    private static string Totals(ResumePlan resume, bool refused) =>
        $"{resume.Cells.Count} planned: {(refused ? 0 : resume.ToRun.Count)} would run, {resume.Count(CellAction.Skip)} already done" +
        (resume.Count(CellAction.Deferred) > 0 ? $", {resume.Count(CellAction.Deferred)} left for later (--limit)" : "") +
        (refused ? "; REFUSED: cells changed definition (see below)" : "");

    private static string Action(CellAction action, bool refused) => refused ? "refused" : action switch
    {
        CellAction.Skip => "skip",
        CellAction.Deferred => "later",
        CellAction.Run => "run",
        _ => "rerun",
    };

    private static string Why(PlannedCell cell) => cell.Action switch
    {
        CellAction.Run => "no result yet",
        CellAction.Skip when cell.Previous is { Verdict: Verdict.Error } p => $"stored {VerdictText.Of(p)} (--rerun-errors reruns it)",
        CellAction.Skip when cell.Previous is { } p && p.DefinitionHash != cell.Cell.DefinitionHash => $"stored {VerdictText.Of(p)} from a changed definition (kept: --keep-changed)",
        CellAction.Skip => $"stored {VerdictText.Of(cell.Previous!)}",
        CellAction.RerunInterrupted => "interrupted last time",
        CellAction.RerunError => $"stored {VerdictText.Of(cell.Previous!)} (--rerun-errors)",
        CellAction.RerunFailed => "stored fail (--rerun-failed)",
        CellAction.RerunChanged => "its definition changed since it ran (bench, task files, harness version, limits or timeouts)",
        CellAction.Deferred => "past --limit",
        _ => "",
    };
}
