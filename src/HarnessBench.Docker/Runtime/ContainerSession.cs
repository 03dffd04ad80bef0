using System.Globalization;
using System.Text;
using HarnessBench.Core.Runtime;

namespace HarnessBench.Docker.Runtime;

/// <summary>
/// An exec session as both backends run it, on the adapter of the engine running the container (the
/// local one, or the Swarm node's): commands under their own and the container's time limit, output
/// capped per stream, and removal exactly once whichever way out (finish, dispose, cancel). A backend
/// says how the container is collected and removed and what an engine failure of an exec means to it.
/// </summary>
internal abstract class ContainerSession : IContainerSession
{
    // Time the in-container `timeout` gets to kill a command before the host stops waiting.
    private static readonly TimeSpan HostGrace = TimeSpan.FromSeconds(15);
    private readonly DockerClient _client;
    private readonly IReadOnlyList<string> _launcher;
    private readonly CancellationTokenSource _deadline;
    private int _removed;

    /// <param name="launcher">Runs before coreutils <c>timeout</c> (e.g. setpriv); empty when nothing needs to.</param>
    protected ContainerSession(DockerClient client, string containerId, ContainerSpec spec, IReadOnlyList<string> launcher, TimeProvider time, long started)
    {
        _client = client;
        ContainerId = containerId;
        Spec = spec;
        _launcher = launcher;
        Time = time;
        Started = started;
        _deadline = new CancellationTokenSource(spec.Timeout, time);
    }

    public string ContainerId { get; }

    /// <summary>The container passed its wall-clock limit (further execs fail fast).</summary>
    public bool TimedOut => _deadline.IsCancellationRequested;

    protected ContainerSpec Spec { get; }

    protected TimeProvider Time { get; }

    /// <summary>When the session began (a <see cref="TimeProvider"/> timestamp), for the run's total time.</summary>
    protected long Started { get; }

    public async Task<ExecOutcome> ExecAsync(IReadOnlyList<string> command, ExecLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(limits);
        long begun = Time.GetTimestamp();
        if (TimedOut)
        {
            return new ExecOutcome(null, "", "the container passed its time limit", TimedOut: true, Truncated: false, TimeSpan.Zero);
        }

        // The kill happens inside the container (coreutils timeout, then SIGKILL 5 s later), so a
        // runaway command does not outlive its call; the host only waits a little longer than that.
        string seconds = Math.Max(1, (int)Math.Ceiling(limits.Timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        List<string> argv = [.. _launcher, "timeout", "-k", "5", seconds, .. command];
        // One byte over the cap tells a cut stream from one that exactly fills it.
        var options = new ExecOptions { User = Spec.User, WorkingDir = Spec.WorkingDirectory, Env = Spec.Environment, MaxOutputBytes = limits.MaxOutputBytes + 1 };
        using var bound = new CancellationTokenSource(limits.Timeout + HostGrace, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bound.Token, _deadline.Token);
        try
        {
            ExecResult result = await _client.ExecAsync(ContainerId, argv, options, linked.Token);
            bool timedOut = result.ExitCode is 124 or 137 && Time.GetElapsedTime(begun) >= limits.Timeout;
            (string stdout, bool cutOut) = Cap(result.Stdout, limits.MaxOutputBytes);
            (string stderr, bool cutErr) = Cap(result.Stderr, limits.MaxOutputBytes);
            return new ExecOutcome(timedOut ? null : (int)result.ExitCode, stdout, stderr, timedOut, cutOut || cutErr, Time.GetElapsedTime(begun));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ExecOutcome(null, "", TimedOut ? "the container passed its time limit" : "the command did not return in time",
                TimedOut: true, Truncated: false, Time.GetElapsedTime(begun));
        }
        catch (DockerException ex)
        {
            throw ExecFailed(ex);
        }
    }

    public async Task<ContainerRun> FinishAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await CollectAsync(cancellationToken);
        }
        finally
        {
            await RemoveOnceAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await RemoveOnceAsync();
        _deadline.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>What an engine failure of an exec is to this backend (the exception to throw).</summary>
    protected abstract Exception ExecFailed(DockerException exception);

    /// <summary>Stops the container and gathers its run: logs, state, copy-outs. Removal follows in any case.</summary>
    protected abstract Task<ContainerRun> CollectAsync(CancellationToken cancellationToken);

    /// <summary>Removes the container and whatever the backend created with it; bounded, never throws.</summary>
    protected abstract Task RemoveAsync();

    private async Task RemoveOnceAsync()
    {
        if (Interlocked.Exchange(ref _removed, 1) == 0)
        {
            await RemoveAsync();
        }
    }

    private static (string Text, bool Cut) Cap(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return (text, false);
        }

        byte[] bytes = Encoding.UTF8.GetBytes(text);
        return (Encoding.UTF8.GetString(bytes, 0, maxBytes), true);
    }
}
