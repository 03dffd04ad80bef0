using HarnessBench.Core.Audit;

namespace HarnessBench.Core.Pipeline;

/// <summary>
/// Stage 4 (after capture, before grading): audits the attempt from what is in its cell folder.
/// An auditor failure never loses the cell: the result line then carries an audit labelled
/// <see cref="AuditSeverity.Unaudited"/> (not clean: nothing was checked) whose
/// <see cref="CellAudit.Error"/> says what went wrong.
/// </summary>
internal static class CellAuditStage
{
    public static CellAudit Run(CellWork work)
    {
        var cell = work.Cell;
        var input = new CellAuditInput(work.Paths, cell.Task.WorkspaceDirectory, cell.Task.Prompt, cell.Decoys.Name, cell.Decoys.GraderPaths, work.Canary);
        try
        {
            return CellAuditor.Audit(input);
        }
#pragma warning disable CA1031 // The audit observes; whatever breaks in it is recorded, never the cell's fate.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new CellAudit(AuditSeverity.Unaudited, [], null, cell.Decoys.Name, Audit.Scanning.TrajectoryScanner.RulesVersion)
            {
                Canary = work.Canary,
                GraderPaths = cell.Decoys.GraderPaths,
                Error = $"audit failed: {ex.GetType().Name}: {ex.Message}",
            };
        }
    }
}
