using HarnessBench.Core.Results;

namespace HarnessBench.Core.Reports;

/// <summary>
/// One cell as reports see it: the result line flattened and joined with task metadata
/// (tasks/&lt;id&gt;/task.yaml) and model metadata (the bench file). Optional parts are null when the
/// data is not in the run; report sections and CSV columns that need them are then left out or empty.
/// </summary>
/// <param name="Run">The run id (results folder) the line came from.</param>
/// <param name="Language">From task.yaml; null when the task folder is not found.</param>
/// <param name="Difficulty">From task.yaml ("easy", "medium", "hard"); null when unknown.</param>
/// <param name="Quant">From the bench file's model metadata.</param>
/// <param name="Params">As declared ("30B", "7b", "480B-A35B"); see <see cref="ParamsText"/>.</param>
/// <param name="Metering">Gateway metering of the cell, when the line has a "metering" object.</param>
/// <param name="Audit">Contamination audit of the cell, when the line has an "audit" object.</param>
/// <param name="CostUsd">metering.cost_usd when present, else tokens x the model's prices; null without either.</param>
public sealed record ReportCell(
    string Run,
    string CellId,
    string Model,
    string Harness,
    string Task,
    int Repeat,
    Verdict Verdict,
    ErrorKind? ErrorKind,
    CellTimings Timings,
    string? Language,
    string? Difficulty,
    string? Quant,
    string? Params,
    CellMetering? Metering,
    CellAudit? Audit,
    double? CostUsd,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt)
{
    public string? HarnessVersion { get; init; }

    public CellImages Images { get; init; } = new(null, null);

    /// <summary>The grader driver's checks (passed, recorded, declared); null for errors and old lines.</summary>
    public CellChecks? Checks { get; init; }

    /// <summary>Why a failed cell failed ("checks 3/12: ...", "no-evidence: ...").</summary>
    public string? FailReason { get; init; }

    public bool Passed => Verdict == Verdict.Pass;

    public bool Graded => Verdict != Verdict.Error;

    /// <summary>Tokens the cell consumed (prompt + completion), when metered.</summary>
    public long? TotalTokens => Metering is { } m && (m.PromptTokens is not null || m.CompletionTokens is not null)
        ? (m.PromptTokens ?? 0) + (m.CompletionTokens ?? 0)
        : null;

    /// <summary>A pass that the audit does not flag (label below read); see <see cref="AuditSeverities"/>.</summary>
    public bool AuditAdjustedPass => Passed && !AuditSeverities.Flags(Audit?.Severity);
}

/// <summary>
/// Gateway metering of one cell as reports use it: read from the optional "metering" object of a
/// result line (written by the gateway, <see cref="Results.ModelMetering"/>). JSON names:
/// <c>metering.prompt_tokens</c>, <c>metering.completion_tokens</c> (includes reasoning tokens, as
/// OpenAI's usage does), <c>metering.reasoning_tokens</c>, <c>metering.requests</c>,
/// <c>metering.ttft_ms</c> (mean time to first content token), <c>metering.tokens_per_second</c>
/// (generation speed), <c>metering.cost_usd</c> (overrides the price computation). Every field is optional.
/// </summary>
public sealed record CellMetering(
    long? PromptTokens,
    long? CompletionTokens,
    long? ReasoningTokens,
    long? Requests,
    double? TtftMs,
    double? TokensPerSecond,
    double? CostUsd);

/// <summary>
/// Contamination audit of one cell: the optional "audit" object of a result line (written by the
/// audit stage, <see cref="Audit.CellAudit"/>). JSON names: <c>audit.severity</c> (<c>clean</c>,
/// <c>mention</c>, <c>probe</c>, <c>read</c>, <c>execute</c>, <c>tamper</c>), <c>audit.findings</c>
/// (objects with severity, detector, source, snippet; shown as one line each) and <c>audit.error</c>.
/// </summary>
public sealed record CellAudit(string? Severity, IReadOnlyList<string>? Findings)
{
    /// <summary>Why the audit is incomplete; see <see cref="AuditSeverities.TableRank"/>.</summary>
    public string? Error { get; init; }

    /// <summary>The decoy layout the cell ran with; "legacy-layout" marks a cell that could see the real grader.</summary>
    public string? Decoys { get; init; }
}

/// <summary>Audit labels in increasing order; passes labelled read or worse do not count in audit-adjusted rates.</summary>
public static class AuditSeverities
{
    public static IReadOnlyList<string> Ordered { get; } = ["clean", "mention", "probe", "read", "execute", "tamper"];

    /// <summary>0 for clean/unknown up to 5 for tamper.</summary>
    public static int Rank(string? severity) => severity is null ? 0 : Math.Max(0, IndexOf(severity));

    /// <summary>Rank of "read": passes at or above it are flagged.</summary>
    public const int FlagRank = 3;

    public static bool Flags(string? severity) => Rank(severity) >= FlagRank;

    /// <summary>
    /// The rank an audit table counts, or null for "unaudited": no audit, or an incomplete audit
    /// (<see cref="CellAudit.Error"/>) that found nothing at READ or above, which cannot be called clean.
    /// </summary>
    public static int? TableRank(CellAudit? audit)
    {
        if (audit is null) return null;
        var rank = Rank(audit.Severity);
        return audit.Error is not null && rank < FlagRank ? null : rank;
    }

    private static int IndexOf(string severity)
    {
        for (var i = 0; i < Ordered.Count; i++)
        {
            if (string.Equals(Ordered[i], severity, StringComparison.OrdinalIgnoreCase)) return i;
        }

        return 0;
    }
}
