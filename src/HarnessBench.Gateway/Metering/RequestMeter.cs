namespace HarnessBench.Gateway.Metering;

/// <summary>
/// Measures one request while it streams: the clock starts when the gateway receives the request,
/// <see cref="Token"/> marks content, reasoning or tool-call tokens (never role-only chunks or bytes).
/// </summary>
internal sealed class RequestMeter(string protocol, bool stream, RequestFingerprint fingerprint, TimeProvider time)
{
    private readonly long _start = time.GetTimestamp();
    private long? _firstToken;
    private long? _lastToken;

    public string Protocol => protocol;

    public bool Stream => stream;

    public long PromptTokens { get; set; }

    public long CompletionTokens { get; set; }

    public long ReasoningTokens { get; set; }

    public long CachedTokens { get; set; }

    /// <summary>Where the token counts came from (<see cref="Core.Results.TokenSources"/>): "none" until an upstream usage report or the scripted model's estimate sets them.</summary>
    public string TokensSource { get; set; } = Core.Results.TokenSources.None;

    public int Status { get; set; } = 200;

    public string? Error { get; private set; }

    public string? ErrorMessage { get; private set; }

    /// <summary>Marks the arrival of a content, reasoning or tool-call token.</summary>
    public void Token()
    {
        long now = time.GetTimestamp();
        _firstToken ??= now;
        _lastToken = now;
    }

    public void Fail(string kind, string message)
    {
        Error ??= kind;
        ErrorMessage ??= message;
    }

    public RequestMetering Finish()
    {
        long end = time.GetTimestamp();
        double? ttft = stream && _firstToken is { } first ? Ms(_start, first) : null;
        // Generation speed exists only where tokens were seen arriving; a non-streamed reply arrives at
        // once, so its completion tokens over the whole request (prefill, queueing, transfer) is an
        // end-to-end throughput, kept apart under its own name.
        double? rate = null, endToEnd = null;
        if (stream && _firstToken is { } f && _lastToken is { } l && l > f && CompletionTokens > 1)
        {
            rate = (CompletionTokens - 1) / time.GetElapsedTime(f, l).TotalSeconds;
        }
        else if (!stream && CompletionTokens > 0 && end > _start)
        {
            endToEnd = CompletionTokens / time.GetElapsedTime(_start, end).TotalSeconds;
        }

        return new RequestMetering(protocol, stream, Status, PromptTokens, CompletionTokens, ReasoningTokens, CachedTokens,
            ttft, rate, (long)Ms(_start, end), fingerprint.SystemPromptChars, fingerprint.ToolNames, Error)
        {
            EndToEndTokensPerSecond = endToEnd,
            TokensSource = TokensSource,
        };
    }

    private double Ms(long from, long to) => Math.Round(time.GetElapsedTime(from, to).TotalMilliseconds, 3);

    /// <summary>Whole request time of a non-streamed request, for the cell's aggregate end-to-end throughput.</summary>
    public static TimeSpan EndToEndSpan(RequestMetering request) =>
        request.EndToEndTokensPerSecond is > 0 && !request.Stream
            ? TimeSpan.FromSeconds(request.CompletionTokens / request.EndToEndTokensPerSecond.Value)
            : TimeSpan.Zero;

    /// <summary>Time between the first and last token, for the cell's aggregate rate.</summary>
    public static TimeSpan GenerationSpan(RequestMetering request) =>
        request.TokensPerSecond is > 0 && request.Stream && request.CompletionTokens > 1
            ? TimeSpan.FromSeconds((request.CompletionTokens - 1) / request.TokensPerSecond.Value)
            : TimeSpan.Zero;
}
