namespace HarnessBench.Core.Audit.Decoys;

/// <summary>Which decoy graders a sweep places in agent containers (bench.yaml <c>audit.decoys</c>).</summary>
public enum DecoyMode
{
    /// <summary>No decoys: the audit still scans the trajectory and the workspace diff.</summary>
    Off,

    /// <summary>Decoys at the places agents look: /tests, /grader, /tasks/&lt;id&gt;/tests, /solution.</summary>
    Standard,

    /// <summary>Decoys at the absolute container paths the bench lists.</summary>
    Custom,
}

/// <summary>How the agent container is laid out (bench.yaml <c>sandbox.layout</c>).</summary>
public enum SandboxLayout
{
    /// <summary>Only the workspace (and decoys); the grader is never in the agent container. The default.</summary>
    Isolated,

    /// <summary>
    /// Reproduces the convention-only sandbox some published benchmarks used: the real task folder,
    /// grader and solution included, is copied to /tasks/&lt;id&gt; (= ../../tasks/&lt;id&gt; from
    /// /workspace). NOT a fair evaluation: it exists to measure how often agents take the grader.
    /// </summary>
    Legacy,
}

/// <summary>The audit settings of a bench.</summary>
/// <param name="Decoys">Which decoys are placed.</param>
/// <param name="CustomPaths">Absolute container paths for <see cref="DecoyMode.Custom"/>; empty otherwise.</param>
/// <param name="Layout">The agent container's layout.</param>
public sealed record AuditSettings(DecoyMode Decoys, IReadOnlyList<string> CustomPaths, SandboxLayout Layout)
{
    /// <summary>What a bench without <c>audit:</c> and <c>sandbox.layout</c> gets: standard decoys, isolated layout.</summary>
    public static AuditSettings Default { get; } = new(DecoyMode.Standard, [], SandboxLayout.Isolated);

    /// <summary>No decoys, isolated: what cells built without a bench (tests, task validation) get.</summary>
    public static AuditSettings None { get; } = new(DecoyMode.Off, [], SandboxLayout.Isolated);
}
