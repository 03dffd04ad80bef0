namespace HarnessBench.Core.Audit;

/// <summary>
/// The audit of one cell as stored in its result line (<c>audit</c>): the label, the evidence,
/// and whether the agent reached the grader before it gave its final answer.
/// </summary>
/// <param name="Severity">Highest severity among <paramref name="Findings"/> (clean when none); <see cref="AuditSeverity.Unaudited"/> when the audit did not complete and found nothing at READ or above.</param>
/// <param name="Findings">All evidence, in the order found (capped by the auditor; see <see cref="FindingsTruncated"/>).</param>
/// <param name="ReadBeforeFinalAnswer">True when the first READ/EXECUTE/TAMPER trajectory finding precedes the last model message; null when there is none.</param>
/// <param name="Decoys">The decoy layout the cell ran with ("off", "standard", "custom", "legacy-layout").</param>
/// <param name="RulesVersion">Version of the audit rules that produced this (re-scans bump it).</param>
public sealed record CellAudit(
    AuditSeverity Severity,
    IReadOnlyList<AuditFinding> Findings,
    bool? ReadBeforeFinalAnswer,
    string Decoys,
    int RulesVersion)
{
    public bool FindingsTruncated { get; init; }

    /// <summary>The attempt's secret canary (null without decoys): results are never visible to agents, and re-scans need it.</summary>
    public string? Canary { get; init; }

    /// <summary>Container paths of the grader-like directories the agent could see (decoys, or the real task folder in the legacy layout).</summary>
    public IReadOnlyList<string>? GraderPaths { get; init; }

    /// <summary>Why the audit is incomplete or missing (an auditor failure never loses the cell); null when it ran fully.</summary>
    public string? Error { get; init; }
}
