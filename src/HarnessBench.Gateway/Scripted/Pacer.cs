using System.Diagnostics;

namespace HarnessBench.Gateway.Scripted;

/// <summary>
/// Streams tokens at a fixed rate so a measured generation speed can be checked against the truth:
/// the first token leaves after an optional delay that stands for prefill (prompt tokens / prefill
/// rate, so a probe's prefill figure has a truth too), token i at first + i / rate. The schedule is
/// anchored on the moment the first token really left: a first token that a busy machine delivered
/// late shifts the whole answer instead of being followed by a catch-up burst, so the time from the
/// first token to the last is never shorter than (tokens - 1) / rate. A late token after the first is
/// still caught up on, so the rate does not drift. Rate 0 = as fast as possible.
/// </summary>
internal sealed class Pacer(double tokensPerSecond, TimeSpan firstTokenDelay = default)
{
    /// <summary>Characters per scripted token (also how usage is estimated: characters / 4).</summary>
    public const int CharsPerToken = 4;

    private readonly long _start = Stopwatch.GetTimestamp();
    private long _first;
    private int _sent;

    public static long Tokens(string? text) => string.IsNullOrEmpty(text) ? 0 : (text.Length + CharsPerToken - 1) / CharsPerToken;

    public static IEnumerable<string> Pieces(string text)
    {
        for (int i = 0; i < text.Length; i += CharsPerToken)
        {
            yield return text.Substring(i, Math.Min(CharsPerToken, text.Length - i));
        }
    }

    public async Task NextAsync(CancellationToken ct)
    {
        int index = _sent++;
        if (index == 0)
        {
            await WaitUntilAsync(_start, firstTokenDelay, ct);
            _first = Stopwatch.GetTimestamp();
        }
        else if (tokensPerSecond > 0)
        {
            await WaitUntilAsync(_first, TimeSpan.FromSeconds(index / tokensPerSecond), ct);
        }
    }

    private static async Task WaitUntilAsync(long from, TimeSpan due, CancellationToken ct)
    {
        TimeSpan wait = due - Stopwatch.GetElapsedTime(from);
        if (wait > TimeSpan.FromMilliseconds(0.5))
        {
            await Task.Delay(wait, ct);
        }
    }
}
