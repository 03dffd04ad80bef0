using System.Globalization;

namespace HarnessBench.Core.Pipeline;

/// <summary>
/// Tells which sandbox limit an agent ran into. The agent's command runs under a bash that, once the
/// command has ended, reads the container's pids cgroup counter with builtins only (no fork is
/// possible when the pids limit is what killed it) and prints it to stderr. The engine's OOM flag
/// says memory; this line says pids. (A fork bomb killed Claude Code with exit 134 and the engine
/// set the OOM flag too: without the counter the cause was reported as memory.)
/// </summary>
internal static class AgentLimitProbe
{
    public const string Marker = "hbench-limits: pids.events";

    private const string Script =
        "\"$@\"; s=$?; e=; { read -r e < /sys/fs/cgroup/pids/pids.events; } 2>/dev/null || { read -r e < /sys/fs/cgroup/pids.events; } 2>/dev/null; " +
        "echo \"" + Marker + " ${e:-unknown}\" >&2; exit $s";

    /// <summary>The command behind the probe: bash -c 'CMD; report; exit with CMD's status'.</summary>
    public static IReadOnlyList<string> Wrap(IReadOnlyList<string> command) => ["bash", "-c", Script, "hbench-agent", .. command];

    /// <summary>True when the agent's stderr ends with the probe's line and the pids limit was hit ("max N", N > 0).</summary>
    public static bool PidsLimitHit(string stderrPath)
    {
        var tail = GraderOutput.Tail(stderrPath, 1024);
        var at = tail.LastIndexOf(Marker, StringComparison.Ordinal);
        if (at < 0) return false;
        var parts = tail[(at + Marker.Length)..].Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts is ["max", var count, ..] && long.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var hits) && hits > 0;
    }
}
