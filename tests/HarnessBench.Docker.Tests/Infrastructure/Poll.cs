using System.Diagnostics;

namespace HarnessBench.Docker.Tests.Infrastructure;

/// <summary>Waiting for a state instead of sleeping for a guessed time; the deadline is a generous hang guard.</summary>
internal static class Poll
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>Returns once <paramref name="condition"/> holds; fails with <paramref name="what"/> at the deadline.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        await UntilAsync(() => Task.FromResult(condition() ? (object?)true : null), what, timeout);
    }

    /// <summary>Returns once <paramref name="condition"/> holds; fails with <paramref name="what"/> at the deadline.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        await UntilAsync(async () => await condition() ? (object?)true : null, what, timeout);
    }

    /// <summary>Calls <paramref name="probe"/> until it returns non-null; fails with <paramref name="what"/> at the deadline.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : class
    {
        var cap = timeout ?? DefaultTimeout;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (watch.Elapsed > cap)
            {
                throw new Xunit.Sdk.XunitException($"Timed out after {cap.TotalSeconds:F0}s waiting for {what}");
            }

            await Task.Delay(Interval);
        }
    }
}
