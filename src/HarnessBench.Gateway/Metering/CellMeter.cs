using HarnessBench.Core.Results;

namespace HarnessBench.Gateway.Metering;

/// <summary>Accumulates a cell's requests (thread-safe: harnesses may run requests in parallel).</summary>
internal sealed class CellMeter
{
    private readonly Lock _lock = new();
    private readonly List<RequestMetering> _requests = [];

    public void Add(RequestMetering request)
    {
        lock (_lock)
        {
            _requests.Add(request);
        }
    }

    public CellMetering Snapshot()
    {
        RequestMetering[] requests;
        lock (_lock)
        {
            requests = [.. _requests];
        }

        return Aggregate(requests);
    }

    public static CellMetering Aggregate(IReadOnlyList<RequestMetering> requests)
    {
        double[] ttfts = [.. requests.Where(r => r.TtftMs is not null).Select(r => r.TtftMs!.Value)];
        double? ttft = ttfts.Length == 0 ? null : Math.Round(ttfts.Average(), 3);
        var rated = requests.Where(r => RequestMeter.GenerationSpan(r) > TimeSpan.Zero).ToList();
        double seconds = rated.Sum(r => RequestMeter.GenerationSpan(r).TotalSeconds);
        double? rate = seconds > 0 ? Math.Round(rated.Sum(r => r.CompletionTokens - 1) / seconds, 2) : null;
        var unstreamed = requests.Where(r => RequestMeter.EndToEndSpan(r) > TimeSpan.Zero).ToList();
        double unstreamedSeconds = unstreamed.Sum(r => RequestMeter.EndToEndSpan(r).TotalSeconds);
        double? endToEnd = unstreamedSeconds > 0 ? Math.Round(unstreamed.Sum(r => r.CompletionTokens) / unstreamedSeconds, 2) : null;
        // A failed request reports nothing; its "none" says nothing about where the counts came from.
        var answered = requests.Where(r => r.Error is null).ToList();
        string? source = TokenSources.Combine((answered.Count > 0 ? answered : requests).Select(r => r.TokensSource));
        var errors = requests.Where(r => r.Error is not null).GroupBy(r => r.Error!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        int systemChars = requests.Count == 0 ? 0 : requests.Max(r => r.SystemPromptChars);
        var totals = new ModelMetering(
            requests.Count,
            requests.Sum(r => r.PromptTokens),
            requests.Sum(r => r.CompletionTokens),
            requests.Sum(r => r.ReasoningTokens),
            requests.Sum(r => r.CachedTokens),
            ttft,
            rate,
            requests.Sum(r => r.DurationMs),
            errors,
            requests.Count > 0 ? requests[^1].Error : null,
            systemChars,
            RequestFingerprint.RoughTokens(systemChars),
            [.. requests.SelectMany(r => r.ToolNames).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Transcript: null)
        {
            TokensSource = source,
            EndToEndTokensPerSecond = endToEnd,
        };
        return new CellMetering(totals, requests);
    }
}
