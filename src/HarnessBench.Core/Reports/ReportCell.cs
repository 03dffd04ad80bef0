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

    /// <summary>The version the installed CLI reported, when it differs from <see cref="HarnessVersion"/> (result line <c>harness_version_mismatch</c>); null otherwise.</summary>
    public string? MismatchedHarnessVersion { get; init; }

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

    /// <summary>
    /// A pass the audit checked and did not flag (label below read; see <see cref="AuditSeverities"/>).
    /// An unaudited pass (no audit, or one that did not complete) is not one: nobody checked it.
    /// </summary>
    public bool AuditAdjustedPass => Passed && AuditSeverities.TableRank(Audit) is { } rank && rank < AuditSeverities.FlagRank;

    /// <summary>A pass whose audit did not complete, or that has none: left out of audit-adjusted rates.</summary>
    public bool UnauditedPass => Passed && AuditSeverities.TableRank(Audit) is null;
}

/// <summary>
/// Gateway metering of one cell as reports use it: read from the optional "metering" object of a
/// result line (written by the gateway, <see cref="Results.ModelMetering"/>). JSON names:
/// <c>metering.prompt_tokens</c>, <c>metering.completion_tokens</c> (includes reasoning tokens, as
/// OpenAI's usage does), <c>metering.reasoning_tokens</c>, <c>metering.requests</c>,
/// <c>metering.ttft_ms</c> (mean time to first content token), <c>metering.tokens_per_second</c>
/// (generation speed of streamed requests), <c>metering.cost_usd</c> (overrides the price computation),
/// <c>metering.tokens_source</c> (where the counts come from: <c>usage</c>, <c>estimate</c>, <c>none</c>,
/// <c>mixed</c>) and <c>metering.end_to_end_tokens_per_second</c> (non-streamed requests: completion
/// tokens over the whole request time, not a generation speed). Every field is optional.
/// </summary>
public sealed record CellMetering(
    long? PromptTokens,
    long? CompletionTokens,
    long? ReasoningTokens,
    long? Requests,
    double? TtftMs,
    double? TokensPerSecond,
    double? CostUsd)
{
    /// <summary>"usage" (the endpoint's own counts), "estimate" (e.g. the scripted model's characters / 4), "none", "mixed"; null on lines written before the field existed.</summary>
    public string? TokensSource { get; init; }

    /// <summary>Non-streamed requests only: completion tokens over the whole request time (prefill and transfer included).</summary>
    public double? EndToEndTokensPerSecond { get; init; }

    /// <summary>The token counts are not all the endpoint's own usage reports: reports mark them (and costs computed from them) as estimates.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Estimated => TokensSource is not null && TokensSource != Results.TokenSources.Usage;
}

/// <summary>
/// Contamination audit of one cell: the optional "audit" object of a result line (written by the
/// audit stage, <see cref="Audit.CellAudit"/>). JSON names: <c>audit.severity</c> (<c>clean</c>,
/// <c>mention</c>, <c>probe</c>, <c>read</c>, <c>execute</c>, <c>tamper</c>), <c>audit.findings</c>
/// (objects with severity, detector, source, snippet; shown as one line each) and <c>audit.error</c>.
/// A severity of <c>unaudited</c>, or an error without READ-or-worse evidence (lines written before
/// that label existed stored "clean"), is an audit that did not complete: see <see cref="Label"/>.
/// </summary>
public sealed record CellAudit(string? Severity, IReadOnlyList<string>? Findings)
{
    /// <summary>What reports show: the stored severity, or "unaudited" when the audit did not complete.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Label => AuditSeverities.IsUnaudited(this) ? AuditSeverities.Unaudited : Severity;

    /// <summary>Why the audit is incomplete; see <see cref="AuditSeverities.TableRank"/>.</summary>
    public string? Error { get; init; }

    /// <summary>The decoy layout the cell ran with; "legacy-layout" marks a cell that could see the real grader.</summary>
    public string? Decoys { get; init; }
}

/// <summary>Audit labels in increasing order; passes labelled read or worse do not count in audit-adjusted rates, nor do unaudited ones.</summary>
public static class AuditSeverities
{
    /// <summary>The label of an audit that did not complete: neither clean nor flagged.</summary>
    public const string Unaudited = "unaudited";

    public static IReadOnlyList<string> Ordered { get; } = ["clean", "mention", "probe", "read", "execute", "tamper"];

    /// <summary>
    /// The audit did not complete: stored "unaudited", or (older lines) an error with nothing at READ
    /// or above, which was stored as "clean" though what failed to be read may hold the peek.
    /// </summary>
    public static bool IsUnaudited(CellAudit audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return string.Equals(audit.Severity, Unaudited, StringComparison.OrdinalIgnoreCase) || (audit.Error is not null && Rank(audit.Severity) < FlagRank);
    }

    /// <summary>0 for clean/unknown up to 5 for tamper.</summary>
    public static int Rank(string? severity) => severity is null ? 0 : Math.Max(0, IndexOf(severity));

    /// <summary>Rank of "read": passes at or above it are flagged.</summary>
    public const int FlagRank = 3;

    public static bool Flags(string? severity) => Rank(severity) >= FlagRank;

    /// <summary>
    /// The rank an audit table counts, or null for "unaudited": no audit, or an incomplete audit
    /// (<see cref="CellAudit.Error"/>) that found nothing at READ or above, which cannot be called clean.
    /// </summary>
    public static int? TableRank(CellAudit? audit) =>
        audit is null || IsUnaudited(audit) ? null : Rank(audit.Severity);

    private static int IndexOf(string severity)
    {
        for (var i = 0; i < Ordered.Count; i++)
        {
            if (string.Equals(Ordered[i], severity, StringComparison.OrdinalIgnoreCase)) return i;
        }

        return 0;
    }
}
