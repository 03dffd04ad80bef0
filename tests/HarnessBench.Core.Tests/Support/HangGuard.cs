namespace HarnessBench.Core.Tests.Support;

/// <summary>
/// A cap against a hang (exponential backtracking, a cycle that never ends), never a speed
/// measurement: the work runs on a thread of its own and the test fails, instead of blocking the
/// run forever, when it has not finished within minutes. Well-behaved work takes a small fraction of
/// the cap even on a loaded machine; a pathological algorithm on the inputs it guards takes hours.
/// </summary>
internal static class HangGuard
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromMinutes(2);

    public static T Run<T>(Func<T> work, TimeSpan? limit = null)
    {
        var cap = limit ?? DefaultLimit;
        var task = Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(cap))
        {
            // The runaway thread is a background thread: it dies with the test process.
            throw new Xunit.Sdk.XunitException($"did not finish within {cap.TotalMinutes:0.#} minute(s): it hangs");
        }

        return task.GetAwaiter().GetResult();
    }
}
