namespace HarnessBench.Cli.Tests.Infrastructure;

/// <summary>Polling with a deadline instead of fixed sleeps.</summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Calls <paramref name="probe"/> until it returns non-null. Fails with <paramref name="what"/>
    /// at the deadline, or at once when <paramref name="process"/> exits (it will not produce it then).
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, Func<string> what, CliProcess? process = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var exited = process?.HasExited == true;
            if (await probe() is { } value)
            {
                return value;
            }

            if (exited)
            {
                throw new Xunit.Sdk.XunitException($"hbench exited before this happened: {what()}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Timed out after {timeout.TotalSeconds:F0}s waiting for: {what()}");
            }

            await Task.Delay(Interval);
        }
    }
}
