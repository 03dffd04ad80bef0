namespace HarnessBench.Core.Runtime;

/// <summary>
/// Runs one sandboxed container from creation to removal: copy inputs in, start, wait with a
/// wall-clock timeout, capture logs, copy outputs out, remove. One method so that the cell
/// pipeline can be tested with an in-memory fake and later run on a remote engine.
/// </summary>
/// <remarks>
/// A container that crashes, times out or is OOM-killed is a <see cref="ContainerRun"/> outcome.
/// An engine that cannot be reached, or a missing image, throws <see cref="ContainerRuntimeException"/>.
/// Cancellation kills and removes the container, then throws <see cref="OperationCanceledException"/>.
/// </remarks>
public interface IContainerRuntime
{
    /// <summary>Runs <paramref name="spec"/> to completion and always removes the container.</summary>
    Task<ContainerRun> RunAsync(ContainerSpec spec, CancellationToken cancellationToken);

    /// <summary>
    /// Creates <paramref name="spec"/> (same sandbox as <see cref="RunAsync"/>), copies its inputs in
    /// and starts it, for commands to be executed in it. The spec's command should idle (e.g. sleep);
    /// the container is killed when <see cref="ContainerSpec.Timeout"/> passes. Runtimes that cannot
    /// exec (e.g. a batch-job backend) keep this default.
    /// </summary>
    Task<IContainerSession> StartAsync(ContainerSpec spec, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} cannot start long-lived containers; the built-in 'bare' harness needs a runtime with exec (Docker).");
}
