using HarnessBench.Core.Results;

namespace HarnessBench.Gateway.Metering;

/// <summary>
/// Everything the gateway measured for one cell: the totals in their stored shape (the result line's
/// "metering", see <see cref="ModelMetering"/>) and the per-request list they were computed from
/// (which goes to the transcript, not the result line). Token counts come from the upstream's own
/// usage reports (the scripted model reports estimates it also streams); the totals say which in
/// <see cref="ModelMetering.TokensSource"/>.
/// </summary>
/// <param name="Totals">The stored totals; <see cref="ModelMetering.Transcript"/> is set by <see cref="ToResult"/>.</param>
/// <param name="PerRequest">Every request of the cell, in order.</param>
public sealed record CellMetering(ModelMetering Totals, IReadOnlyList<RequestMetering> PerRequest)
{
    /// <summary>True when the endpoint failed at least once: the cell may be an `error: endpoint`.</summary>
    public bool HasEndpointErrors => Totals.Errors.Count > 0;

    /// <summary>True when the last request failed (the harness could not recover from it).</summary>
    public bool LastRequestFailed => Totals.LastRequestError is not null;

    /// <summary>The stored shape (result line "metering"), pointing at the cell's transcript.</summary>
    public ModelMetering ToResult(string? transcript) => Totals with { Transcript = transcript };
}

/// <summary>One model request.</summary>
/// <param name="Protocol">"openai" or "anthropic".</param>
/// <param name="Status">HTTP status the client got.</param>
/// <param name="TtftMs">Null for non-streamed requests and requests without content.</param>
/// <param name="TokensPerSecond">Generation speed: streamed requests only (null otherwise; see <see cref="EndToEndTokensPerSecond"/>).</param>
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
    string? Error)
{
    /// <summary>Non-streamed requests: completion tokens over the whole request time (not a generation speed).</summary>
    public double? EndToEndTokensPerSecond { get; init; }

    /// <summary>Where the token counts came from (<see cref="Core.Results.TokenSources"/>).</summary>
    public string TokensSource { get; init; } = Core.Results.TokenSources.None;
}

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
