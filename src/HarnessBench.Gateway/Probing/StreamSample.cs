namespace HarnessBench.Gateway.Probing;

/// <summary>
/// One timed streamed request. Times are milliseconds from the moment the request was sent.
/// </summary>
/// <param name="TtftMs">Time to the first content token; null when no content arrived (e.g. all reasoning).</param>
/// <param name="TtfrMs">Time to the first reasoning token; null when none arrived.</param>
/// <param name="FirstTokenMs">First token of either kind: where generation starts.</param>
/// <param name="LastTokenMs">Last token of either kind.</param>
/// <param name="TotalMs">Until the stream ended: what the differential prefill method uses.</param>
/// <param name="Chunks">Chunks that carried a token (content or reasoning).</param>
/// <param name="PromptTokens">usage.prompt_tokens (Anthropic: input + cache read + cache creation); null when not reported.</param>
/// <param name="CompletionTokens">usage.completion_tokens / output_tokens; null when not reported.</param>
internal sealed record StreamSample(
    double? TtftMs,
    double? TtfrMs,
    double? FirstTokenMs,
    double? LastTokenMs,
    double TotalMs,
    int Chunks,
    int ReasoningChunks,
    long? PromptTokens,
    long? CompletionTokens,
    long? CachedTokens,
    long? ReasoningTokens)
{
    /// <summary>Output tokens: the server's usage when reported, else the counted chunks.</summary>
    public long OutputTokens => CompletionTokens ?? Chunks;

    public bool OutputFromUsage => CompletionTokens is not null;

    /// <summary>
    /// Decode speed: (output tokens - 1) / (last token - first token). The first token closes
    /// prefill and belongs to time-to-first-token, so N tokens span N - 1 intervals; counting all N
    /// would overstate the rate by N / (N - 1). Null with fewer than two tokens or no time between them.
    /// </summary>
    public double? GenerationTokensPerSecond =>
        FirstTokenMs is { } first && LastTokenMs is { } last && last > first && OutputTokens >= 2
            ? (OutputTokens - 1) / ((last - first) / 1000.0)
            : null;

    /// <summary>cached_tokens / prompt_tokens when the server reports both.</summary>
    public double? CachedShare => CachedTokens is { } cached && PromptTokens is > 0 ? (double)cached / PromptTokens.Value : null;

    public static StreamSample From(StreamTimeline timeline, long sentAt, long endedAt, Func<long, long, double> milliseconds)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(milliseconds);
        double? Ms(long? at) => at is { } t ? milliseconds(sentAt, t) : null;
        return new StreamSample(Ms(timeline.FirstContentAt), Ms(timeline.FirstReasoningAt), Ms(timeline.FirstTokenAt), Ms(timeline.LastTokenAt),
            milliseconds(sentAt, endedAt), timeline.ContentChunks + timeline.ReasoningChunks, timeline.ReasoningChunks,
            timeline.PromptTokens, timeline.CompletionTokens, timeline.CachedTokens, timeline.ReasoningTokens);
    }
}
