using System.Diagnostics;

namespace HarnessBench.Gateway.Scripted;

/// <summary>
/// Streams tokens at a fixed rate: token i leaves at start + i / rate, so a measured generation
/// speed can be checked against the truth. Rate 0 = as fast as possible. An optional first-token
/// delay stands for prefill (prompt tokens / prefill rate), so a probe's prefill figure has a truth too.
/// </summary>
internal sealed class Pacer(double tokensPerSecond, TimeSpan firstTokenDelay = default)
{
    /// <summary>Characters per scripted token (also how usage is estimated: characters / 4).</summary>
    public const int CharsPerToken = 4;

    private readonly long _start = Stopwatch.GetTimestamp();
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
        if (tokensPerSecond <= 0 && firstTokenDelay <= TimeSpan.Zero)
        {
            return;
        }

        TimeSpan due = firstTokenDelay + (tokensPerSecond > 0 ? TimeSpan.FromSeconds(index / tokensPerSecond) : TimeSpan.Zero);
        TimeSpan wait = due - Stopwatch.GetElapsedTime(_start);
        if (wait > TimeSpan.FromMilliseconds(0.5))
        {
            await Task.Delay(wait, ct);
        }
    }
}
