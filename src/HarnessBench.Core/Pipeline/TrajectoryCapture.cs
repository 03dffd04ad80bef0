using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Trajectories;
using HarnessBench.Core.Trajectories.Parsers;

namespace HarnessBench.Core.Pipeline;

/// <summary>
/// Stage 3 (capture): turns the harness's native log into the cell's normalized trajectory
/// (trajectory.jsonl), which reports count and the audit scans. An in-process agent that already
/// wrote the file keeps it. Lines the parser could not use go to trajectory.warnings.log, so a
/// format drift in a new CLI version is visible without failing the cell.
/// </summary>
public static class TrajectoryCapture
{
    /// <summary>The warnings file next to the trajectory.</summary>
    public const string WarningsFile = "trajectory.warnings.log";

    /// <summary>Child sessions a harness exported into agent-logs/ (OpenCode's subagents), parsed into the same trajectory.</summary>
    public const string SessionsDirectory = "sessions";

    /// <summary>The cell's trajectory, written to <see cref="CellPaths.Trajectory"/>; null when the harness logs nothing parsable.</summary>
    public static IReadOnlyList<TrajectoryEvent>? Capture(CellPaths paths, IHarness harness)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(harness);
        if (File.Exists(paths.Trajectory))
        {
            using var existing = File.OpenText(paths.Trajectory);
            return TrajectoryReader.Read(existing);
        }
        if (harness is not ILoggedHarness logged || TrajectoryParsers.ForFormat(logged.LogFormat) is not { } parser) return null;
        var source = logged.LogFile is null ? paths.AgentStdout : Path.Combine(paths.AgentLogs, logged.LogFile);
        if (!File.Exists(source)) return null;
        TrajectoryParseResult parsed;
        using (var reader = File.OpenText(source)) parsed = parser.ParseReader(reader);
        var events = parsed.Events.ToList();
        var warnings = parsed.Warnings.Select(w => $"{Path.GetFileName(source)}:{w.Line}: {w.Message}").ToList();
        AppendChildSessions(paths, events, warnings);
        using (var writer = File.CreateText(paths.Trajectory)) TrajectoryWriter.Write(writer, events);
        if (warnings.Count > 0) File.WriteAllLines(Path.Combine(paths.Root, WarningsFile), warnings);
        return events;
    }

    // OpenCode runs subagents (its task tool) as child sessions that its --format json stream leaves
    // out; the harness exports them to agent-logs/sessions/*.json and they join the trajectory here,
    // each event tagged with its own session and its parent, so the audit sees what subagents did.
    private static void AppendChildSessions(CellPaths paths, List<TrajectoryEvent> events, List<string> warnings)
    {
        var directory = Path.Combine(paths.AgentLogs, SessionsDirectory);
        if (!Directory.Exists(directory)) return;
        foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var result = OpenCodeSessionExport.Parse(File.ReadAllText(file));
            if (result.Error is { } error)
            {
                warnings.Add($"{Path.GetFileName(file)}: {error}");
                continue;
            }
            if (result.ParentId is null) continue; // the root session is the stdout stream itself
            foreach (var e in result.Events) events.Add(e with { Step = events.Count });
        }
    }
}
