namespace HarnessBench.Core.Audit;

/// <summary>One piece of evidence: which event, which detector, what it saw.</summary>
/// <param name="Severity">What this evidence proves on its own.</param>
/// <param name="Detector">Stable id of the rule that fired ("shell-read", "canary-base64", "workspace-planted"...).</param>
/// <param name="Source">Where it was found: "trajectory", "agent-stdout", "agent-logs/...", "transcript", "workspace", "decoy-access".</param>
/// <param name="EventIndex">0-based trajectory event (step) for trajectory evidence; null for other sources.</param>
/// <param name="Snippet">A short excerpt (at most ~200 characters) that shows the evidence to a human.</param>
public sealed record AuditFinding(AuditSeverity Severity, string Detector, string Source, int? EventIndex, string Snippet);
