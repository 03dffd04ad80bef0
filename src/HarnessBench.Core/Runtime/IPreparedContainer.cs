namespace HarnessBench.Core.Runtime;

/// <summary>
/// A container made ready ahead of its command (<see cref="IContainerRuntime.PrepareAsync"/>): created,
/// its early inputs copied in and, where the backend can, started behind a gate that holds the command
/// back. The cell pipeline prepares the grader's container while the agent runs, so that grading then
/// waits only for the agent's files, not for a container to come up.
/// </summary>
/// <remarks>
/// Disposing without running (the agent's outcome made grading unnecessary, an exception, a
/// cancellation) kills and removes the container: nothing is left behind, and the command never ran.
/// </remarks>
public interface IPreparedContainer : IAsyncDisposable
{
    /// <summary>
    /// Copies <paramref name="lateCopyIn"/> in, releases the command and runs it to completion exactly as
    /// <see cref="IContainerRuntime.RunAsync"/> does: the spec's timeout counts from the release, the
    /// process time too (<see cref="ContainerRun.ProcessTime"/>), and the total time from this call;
    /// outputs are copied out and the container is always removed. Call at most once.
    /// </summary>
    Task<ContainerRun> RunAsync(IReadOnlyList<DirectoryCopyIn> lateCopyIn, CancellationToken cancellationToken);
}

/// <summary>
/// <see cref="IContainerRuntime.PrepareAsync"/>'s default: nothing is done ahead; <see cref="RunAsync"/>
/// is one <see cref="IContainerRuntime.RunAsync"/> of the spec with the late inputs added after the early ones.
/// </summary>
public sealed class DeferredContainer(IContainerRuntime runtime, ContainerSpec spec) : IPreparedContainer
{
    public Task<ContainerRun> RunAsync(IReadOnlyList<DirectoryCopyIn> lateCopyIn, CancellationToken cancellationToken) =>
        runtime.RunAsync(spec with { CopyIn = [.. spec.CopyIn, .. lateCopyIn] }, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
