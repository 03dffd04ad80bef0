namespace HarnessBench.Gateway.Metering;

/// <summary>
/// Everything the gateway measured for one cell (stored with the cell's result). Token counts come
/// from the upstream's own usage reports (the scripted model reports estimates it also streams).
/// </summary>
/// <param name="Requests">Model requests the harness made.</param>
/// <param name="PromptTokens">Input tokens including cached ones (OpenAI prompt_tokens; Anthropic input + cache read + cache creation).</param>
/// <param name="TtftMs">Mean over streamed requests of the time to the first content, reasoning or tool-call token (JSON ttft_ms, as reports read it).</param>
/// <param name="TokensPerSecond">Generation speed: completion tokens after the first, over the time from first to last token, across requests.</param>
/// <param name="ModelTimeMs">Sum of request durations (the time the harness waited on the model).</param>
/// <param name="Errors">Endpoint failures by kind (see <see cref="EndpointErrorKinds"/>).</param>
/// <param name="SystemPromptChars">Largest system prompt seen (characters): a fingerprint of the harness.</param>
/// <param name="SystemPromptTokens">Rough tokens of that prompt (characters / 4).</param>
/// <param name="ToolNames">Union of the tool names the harness offered, sorted.</param>
public sealed record CellMetering(
    int Requests,
    long PromptTokens,
    long CompletionTokens,
    long ReasoningTokens,
    long CachedTokens,
    double? TtftMs,
    double? TokensPerSecond,
    long ModelTimeMs,
    IReadOnlyDictionary<string, int> Errors,
    int SystemPromptChars,
    int SystemPromptTokens,
    IReadOnlyList<string> ToolNames,
    IReadOnlyList<RequestMetering> PerRequest)
{
    /// <summary>True when the endpoint failed at least once: the cell may be an `error: endpoint`.</summary>
    public bool HasEndpointErrors => Errors.Count > 0;

    /// <summary>True when the last request failed (the harness could not recover from it).</summary>
    public bool LastRequestFailed => PerRequest.Count > 0 && PerRequest[^1].Error is not null;

    /// <summary>The stored shape (result line "metering"), without the per-request list (that is in the transcript).</summary>
    public HarnessBench.Core.Results.ModelMetering ToResult(string? transcript) => new(
        Requests, PromptTokens, CompletionTokens, ReasoningTokens, CachedTokens, TtftMs, TokensPerSecond, ModelTimeMs, Errors,
        LastRequestFailed ? PerRequest[^1].Error : null, SystemPromptChars, SystemPromptTokens, ToolNames, transcript);
}

/// <summary>One model request.</summary>
/// <param name="Protocol">"openai" or "anthropic".</param>
/// <param name="Status">HTTP status the client got.</param>
/// <param name="TtftMs">Null for non-streamed requests and requests without content.</param>
/// <param name="Error">An <see cref="EndpointErrorKinds"/> value, or null.</param>
public sealed record RequestMetering(
    string Protocol,
    bool Stream,
    int Status,
    long PromptTokens,
    long CompletionTokens,
    long ReasoningTokens,
    long CachedTokens,
    double? TtftMs,
    double? TokensPerSecond,
    long DurationMs,
    int SystemPromptChars,
    IReadOnlyList<string> ToolNames,
    string? Error);

/// <summary>How an endpoint failed; each makes the cell distinguishable as `error: endpoint`.</summary>
public static class EndpointErrorKinds
{
    public const string ConnectionRefused = "connection-refused";
    public const string Connection = "connection";
    public const string Timeout = "timeout";
    public const string Http4xx = "http-4xx";
    public const string Http5xx = "http-5xx";
    public const string MalformedStream = "malformed-stream";

    public static string ForStatus(int status) => status >= 500 ? Http5xx : Http4xx;
}
