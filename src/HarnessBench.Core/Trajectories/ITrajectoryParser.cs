namespace HarnessBench.Core.Trajectories;

/// <summary>
/// Turns one harness's native log into normalized <see cref="TrajectoryEvent"/>s. Never throws on
/// bad input: a line it cannot use becomes a <see cref="TrajectoryWarning"/> and parsing goes on.
/// Implementations are stateless and thread-safe.
/// </summary>
public interface ITrajectoryParser
{
    /// <summary>The log format id harness definitions name (for example <c>claude-stream-json</c>).</summary>
    string FormatId { get; }

    /// <summary>Parses the log's lines (without line terminators) into events and warnings.</summary>
    TrajectoryParseResult Parse(IEnumerable<string> lines);
}

/// <summary>A line of the native log that was skipped or only partly understood.</summary>
/// <param name="Line">1-based line number in the native log.</param>
public sealed record TrajectoryWarning(int Line, string Message);

/// <summary>The outcome of parsing one native log.</summary>
public sealed record TrajectoryParseResult(
    IReadOnlyList<TrajectoryEvent> Events,
    IReadOnlyList<TrajectoryWarning> Warnings);
