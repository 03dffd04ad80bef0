using System.Text.Json;

namespace HarnessBench.Core.Trajectories;

/// <summary>Who produced a trajectory event.</summary>
public enum TrajectoryActor
{
    /// <summary>The language model (text, reasoning, tool calls, its usage).</summary>
    Model,
    /// <summary>A tool the harness ran on the model's behalf (its output).</summary>
    Tool,
    /// <summary>The harness itself or the user prompt it relays (session start/end, errors, slash commands).</summary>
    Harness,
}

/// <summary>What a trajectory event is.</summary>
public enum TrajectoryEventKind
{
    Message,
    Reasoning,
    ToolCall,
    ToolResult,
    Error,
    Usage,
    SessionStart,
    SessionEnd,
}

/// <summary>
/// One normalized event of a harness session, stored as one JSON line (snake_case) in a cell's
/// trajectory file. Every harness log format is parsed into this one shape; the audit scans it
/// and reports count it. Fields a harness does not report are null and omitted from the line.
/// </summary>
public sealed record TrajectoryEvent
{
    /// <summary>The schema version this library writes; readers reject newer versions.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Schema version of this line (<see cref="CurrentSchemaVersion"/> when written).</summary>
    public int V { get; init; } = CurrentSchemaVersion;

    /// <summary>0-based position of the event in the trajectory.</summary>
    public int Step { get; init; }

    /// <summary>1-based line of the native log the event came from (audit evidence points there).</summary>
    public int? Line { get; init; }

    /// <summary>When the event happened, if the log says.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    public required TrajectoryActor Actor { get; init; }

    public required TrajectoryEventKind Kind { get; init; }

    /// <summary>Tool name as the harness names it (Bash, run_shell_command, bash, write...).</summary>
    public string? ToolName { get; init; }

    /// <summary>Id pairing a tool call with its result.</summary>
    public string? ToolCallId { get; init; }

    /// <summary>The tool call's arguments exactly as logged (usually a JSON object).</summary>
    public JsonElement? Arguments { get; init; }

    /// <summary>
    /// Every string leaf of <see cref="Arguments"/>, depth first: field names drift between harness
    /// versions (command, cmd, file_path, filePath, path...), so the audit scans values, not keys.
    /// </summary>
    public IReadOnlyList<string>? ArgumentStrings { get; init; }

    /// <summary>
    /// Model text, reasoning, tool output or error message, cut to the parser's cap. On
    /// session_start: the harness's working directory where logged (the audit resolves paths from it).
    /// The raw log is kept next to the trajectory, so a canary beyond the cap is still found there.
    /// </summary>
    public string? Text { get; init; }

    /// <summary>Size of the original text in UTF-8 bytes (before any truncation).</summary>
    public long? TextBytes { get; init; }

    /// <summary>True when <see cref="Text"/> was cut to the cap.</summary>
    public bool? TextTruncated { get; init; }

    /// <summary>Tool result or session marked failed by the harness.</summary>
    public bool? IsError { get; init; }

    /// <summary>Harness session id (OpenCode child sessions have their own).</summary>
    public string? SessionId { get; init; }

    /// <summary>Subagent parent: Claude's parent_tool_use_id, or the root session of an OpenCode child session.</summary>
    public string? ParentId { get; init; }

    /// <summary>Token counts the harness reported for this response or (on session_end) the session.</summary>
    public TokenCounts? Tokens { get; init; }

    /// <summary>Cost the harness computed, in USD (often 0 or made up for local models).</summary>
    public double? CostUsd { get; init; }

    /// <summary>Wall time the harness reported (session_end).</summary>
    public long? DurationMs { get; init; }

    /// <summary>Model name where the log gives one.</summary>
    public string? Model { get; init; }

    /// <summary>Harness CLI version (session_start, where logged).</summary>
    public string? Version { get; init; }

    /// <summary>Tools the harness offered the model (session_start, where logged).</summary>
    public IReadOnlyList<string>? Tools { get; init; }
}

/// <summary>Token counts as a harness reports them; absent counts are null.</summary>
public sealed record TokenCounts
{
    public long? Input { get; init; }
    public long? Output { get; init; }
    public long? CacheRead { get; init; }
    public long? CacheWrite { get; init; }
    public long? Reasoning { get; init; }

    /// <summary>Element-wise sum; a count stays null only when null on both sides.</summary>
    public TokenCounts Add(TokenCounts other) => new()
    {
        Input = Sum(Input, other.Input),
        Output = Sum(Output, other.Output),
        CacheRead = Sum(CacheRead, other.CacheRead),
        CacheWrite = Sum(CacheWrite, other.CacheWrite),
        Reasoning = Sum(Reasoning, other.Reasoning),
    };

    private static long? Sum(long? a, long? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);
}
