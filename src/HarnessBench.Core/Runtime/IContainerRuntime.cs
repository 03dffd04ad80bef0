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
}
