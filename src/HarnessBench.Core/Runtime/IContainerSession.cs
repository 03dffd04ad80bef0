namespace HarnessBench.Core.Runtime;

/// <summary>
/// A started, long-lived sandboxed container that commands are executed in one at a time (the
/// built-in <c>bare</c> agent loop runs its tools this way). Created by
/// <see cref="IContainerRuntime.StartAsync"/> with the same sandbox as a one-shot run: the spec's
/// image, user, limits, copy-ins, labels, no network.
/// </summary>
/// <remarks>
/// <see cref="FinishAsync"/> stops the container, copies the spec's outputs back and removes it.
/// Disposing without finishing (an exception, a cancellation) kills and removes it: nothing is left behind.
/// </remarks>
public interface IContainerSession : IAsyncDisposable
{
    /// <summary>Engine id of the running container.</summary>
    string ContainerId { get; }

    /// <summary>
    /// Runs <paramref name="command"/> in the container as the spec's user in its working directory.
    /// A non-zero exit or a timeout is a result; a dead engine or container throws <see cref="ContainerRuntimeException"/>.
    /// </summary>
    Task<ExecOutcome> ExecAsync(IReadOnlyList<string> command, ExecLimits limits, CancellationToken cancellationToken);

    /// <summary>Stops the container, writes its logs, copies the spec's outputs out and removes it.</summary>
    Task<ContainerRun> FinishAsync(CancellationToken cancellationToken);
}

/// <summary>Bounds of one exec.</summary>
/// <param name="Timeout">The command is killed (inside the container) when it runs longer.</param>
/// <param name="MaxOutputBytes">Per-stream cap on captured output; <see cref="ExecOutcome.Truncated"/> says when it was hit.</param>
public sealed record ExecLimits(TimeSpan Timeout, int MaxOutputBytes)
{
    public static ExecLimits Default { get; } = new(TimeSpan.FromMinutes(2), 1 << 20);
}

/// <summary>What one exec did.</summary>
/// <param name="ExitCode">The command's exit code; null when it was killed for the timeout.</param>
/// <param name="Truncated">stdout or stderr reached <see cref="ExecLimits.MaxOutputBytes"/> and was cut.</param>
public sealed record ExecOutcome(int? ExitCode, string Stdout, string Stderr, bool TimedOut, bool Truncated, TimeSpan Elapsed);
