using System.Diagnostics;
using HarnessBench.Gateway.Scripted;

namespace HarnessBench.Gateway.Tests.Scripted;

/// <summary>
/// The scripted model's pacing is the truth that speed tests measure against. Only lower bounds on
/// elapsed time are asserted: a loaded machine can make a token later, never earlier.
/// </summary>
public sealed class PacerTests
{
    /// <summary>Task.Delay rounds to whole milliseconds, so a token may leave up to about this early.</summary>
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(3);

    [Fact]
    public async Task A_late_first_token_shifts_the_answer_instead_of_being_followed_by_a_burst()
    {
        const double rate = 20;
        var pacer = new Pacer(rate);
        await Task.Delay(TimeSpan.FromMilliseconds(300)); // the first token was due at once: it is 0.3 s late

        await pacer.NextAsync(CancellationToken.None);
        var sinceFirst = Stopwatch.StartNew();
        for (int i = 1; i <= 10; i++)
        {
            await pacer.NextAsync(CancellationToken.None);
        }

        // Ten intervals at 20 tokens/s after the first token, however late it was (a schedule kept from
        // the start would send six of them at once to catch up: 0.2 s).
        Assert.True(sinceFirst.Elapsed >= TimeSpan.FromSeconds(10 / rate) - TimerSlack, $"{sinceFirst.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task The_first_token_waits_for_the_prefill_delay()
    {
        var pacer = new Pacer(0, TimeSpan.FromMilliseconds(400));
        var watch = Stopwatch.StartNew();

        await pacer.NextAsync(CancellationToken.None);

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(400) - TimerSlack, $"{watch.Elapsed.TotalMilliseconds:F0} ms");
    }
}
