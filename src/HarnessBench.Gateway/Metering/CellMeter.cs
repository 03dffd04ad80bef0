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
            Transcript: null);
        return new CellMetering(totals, requests);
    }
}
