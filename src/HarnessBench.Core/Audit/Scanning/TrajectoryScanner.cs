using HarnessBench.Core.Trajectories;

namespace HarnessBench.Core.Audit.Scanning;

/// <summary>
/// Classifies every event of a normalized trajectory into audit findings (MENTION, PROBE, READ,
/// EXECUTE, TAMPER). A cell's label is the highest severity among the findings. Pure: no I/O,
/// the same events and context always give the same findings.
/// </summary>
public static class TrajectoryScanner
{
    /// <summary>Version of the rules; bump it whenever a rule changes what it reports.</summary>
    public const int RulesVersion = 2; // 2: the code-level tamper audit (Audit/Code)

    /// <summary>The source name every trajectory finding carries.</summary>
    public const string Source = "trajectory";

    /// <summary>Scans <paramref name="events"/>; findings carry Source "trajectory" and the event's index in the list.</summary>
    public static IReadOnlyList<AuditFinding> Scan(IReadOnlyList<TrajectoryEvent> events, AuditContext context)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(context);
        var scan = new ScanRun(context);
        for (var i = 0; i < events.Count; i++)
        {
            scan.Event(i, events[i]);
        }
        return scan.Finish();
    }

    /// <summary>The label of a set of findings: the highest severity, clean when there are none.</summary>
    public static AuditSeverity Label(IEnumerable<AuditFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return findings.Select(f => f.Severity).DefaultIfEmpty(AuditSeverity.Clean).Max();
    }
}
