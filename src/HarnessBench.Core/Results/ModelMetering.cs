namespace HarnessBench.Core.Results;

/// <summary>
/// The model gateway's metering of one cell, stored as the result line's optional "metering" object
/// (snake_case; reports read prompt_tokens, completion_tokens, reasoning_tokens, requests, ttft_ms,
/// tokens_per_second). Token counts are the endpoint's own usage reports.
/// </summary>
/// <param name="Requests">Model requests the harness made.</param>
/// <param name="PromptTokens">Input tokens, cached ones included.</param>
/// <param name="CompletionTokens">Output tokens, reasoning included.</param>
/// <param name="TtftMs">Mean time to the first content, reasoning or tool-call token of streamed requests.</param>
/// <param name="TokensPerSecond">Generation speed (tokens after the first over first-to-last token time).</param>
/// <param name="ModelTimeMs">Total time the harness waited on the model.</param>
/// <param name="Errors">Endpoint failures by kind: connection-refused, connection, timeout, http-4xx, http-5xx, malformed-stream.</param>
/// <param name="LastRequestError">The kind of failure of the harness's last request, when it failed: the cell is then `error: endpoint`.</param>
/// <param name="SystemPromptChars">The harness's largest system prompt in characters (a fingerprint).</param>
/// <param name="SystemPromptTokens">Rough tokens of that prompt (characters / 4).</param>
/// <param name="ToolNames">Tools the harness offered, sorted.</param>
/// <param name="Transcript">The gzip JSONL transcript, relative to the run directory.</param>
public sealed record ModelMetering(
    int Requests,
    long PromptTokens,
    long CompletionTokens,
    long ReasoningTokens,
    long CachedTokens,
    double? TtftMs,
    double? TokensPerSecond,
    long ModelTimeMs,
    IReadOnlyDictionary<string, int> Errors,
    string? LastRequestError,
    int SystemPromptChars,
    int SystemPromptTokens,
    IReadOnlyList<string> ToolNames,
    string? Transcript);
