namespace HarnessBench.Core.Results;

/// <summary>
/// The model gateway's metering of one cell, stored as the result line's optional "metering" object
/// (snake_case; reports read prompt_tokens, completion_tokens, reasoning_tokens, requests, ttft_ms,
/// tokens_per_second, tokens_source). Token counts are the endpoint's own usage reports where it
/// sends them (<see cref="TokensSource"/> "usage"); the scripted model's are estimates ("estimate").
/// </summary>
/// <param name="Requests">Model requests the harness made.</param>
/// <param name="PromptTokens">Input tokens, cached ones included.</param>
/// <param name="CompletionTokens">Output tokens, reasoning included.</param>
/// <param name="TtftMs">Mean time to the first content, reasoning or tool-call token of streamed requests.</param>
/// <param name="TokensPerSecond">Generation speed of streamed requests (tokens after the first over first-to-last token time); null when no request streamed tokens (the bare loop and single-shot calls do not stream: see <see cref="EndToEndTokensPerSecond"/>).</param>
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
    string? Transcript)
{
    /// <summary>Where the token counts come from: see <see cref="TokenSources"/>. Null only on lines written before the field existed.</summary>
    public string? TokensSource { get; init; }

    /// <summary>
    /// Non-streamed requests: completion tokens over their whole request time (prefill, queueing and
    /// transfer included). A throughput, not a generation speed: kept apart from <see cref="TokensPerSecond"/>.
    /// </summary>
    public double? EndToEndTokensPerSecond { get; init; }
}

/// <summary>Values of <see cref="ModelMetering.TokensSource"/>.</summary>
public static class TokenSources
{
    /// <summary>The endpoint's own usage report (OpenAI <c>usage</c>, Anthropic <c>usage</c>).</summary>
    public const string Usage = "usage";

    /// <summary>Estimated by whoever answered, not counted by a tokenizer: the scripted model's characters / 4.</summary>
    public const string Estimate = "estimate";

    /// <summary>The endpoint answered without a usage report: the counts are zero, not measured.</summary>
    public const string None = "none";

    /// <summary>The cell's requests had different sources.</summary>
    public const string Mixed = "mixed";

    /// <summary>The cell's source from its requests' sources (answered requests only, when there are any).</summary>
    public static string? Combine(IEnumerable<string> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var distinct = sources.Distinct(StringComparer.Ordinal).Take(2).ToList();
        return distinct.Count switch
        {
            0 => null,
            1 => distinct[0],
            _ => Mixed,
        };
    }
}
