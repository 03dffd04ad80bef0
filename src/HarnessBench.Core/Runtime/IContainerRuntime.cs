namespace HarnessBench.Core.Runtime;

/// <summary>
/// An execution backend: runs one sandboxed container from creation to removal (copy inputs in,
/// start, wait with a wall-clock timeout, capture logs, copy outputs out, remove), or starts one for
/// exec sessions. The cell pipeline's only seam to where containers run: the local Docker engine
/// (<c>backend: local</c>), Docker Swarm (<c>backend: swarm</c>), and on paper Kubernetes.
/// </summary>
/// <remarks>
/// <para>
/// The shape is Harbor's environment interface (start, exec, upload, download, stop) folded into two
/// calls, because every HarnessBench container uploads before its command and downloads after it:
/// <see cref="RunAsync"/> = start + upload (<see cref="ContainerSpec.CopyIn"/>) + run + download
/// (<see cref="ContainerSpec.CopyOut"/>) + stop; <see cref="StartAsync"/> = start + upload, then
/// <see cref="IContainerSession.ExecAsync"/>, then <see cref="IContainerSession.FinishAsync"/> = download + stop;
/// <see cref="PrepareAsync"/> = start + upload behind a gate, then <see cref="IPreparedContainer.RunAsync"/> =
/// upload the rest + release + run + download + stop (the grader's container comes up while the agent runs).
/// </para>
/// <para>
/// What a backend must guarantee (the sandbox's contract, tested per backend):
/// no network (the only way out is the gateway's socket directory, <see cref="ContainerSpec.Mounts"/>;
/// a backend without <c>--network none</c> proves its equivalent by test); the spec's limits (CPU,
/// memory with no swap, pids, wall clock; a backend records the ones it cannot enforce as documented
/// gaps); the spec's user, all capabilities dropped but <see cref="ContainerSpec.CapAdd"/>, no new
/// privileges; files moved only by archive (never a bind mount of the workspace), so that the backend
/// may run the container on another machine; exec in a started container; every object labelled with
/// its owner and removed at the end, and what a dead process left behind reaped at the next start.
/// </para>
/// <para>
/// A container that crashes, times out or is OOM-killed is a <see cref="ContainerRun"/> outcome.
/// An engine that cannot be reached, or a missing image, throws <see cref="ContainerRuntimeException"/>.
/// Cancellation kills and removes the container, then throws <see cref="OperationCanceledException"/>.
/// A cluster that fails or loses the container's job (a node down, a rejected task) throws
/// <see cref="BackendFailureException"/>: the cell is <c>error: backend-error</c>, never a fail.
/// </para>
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

    /// <summary>
    /// Makes <paramref name="spec"/> ready ahead of its command (same sandbox as <see cref="RunAsync"/>):
    /// created, <see cref="ContainerSpec.CopyIn"/> copied in and, where the backend can, started behind a
    /// gate; <see cref="IPreparedContainer.RunAsync"/> adds the late inputs and releases the command.
    /// The default does nothing ahead (<see cref="DeferredContainer"/>): same result, no head start.
    /// </summary>
    Task<IPreparedContainer> PrepareAsync(ContainerSpec spec, CancellationToken cancellationToken) =>
        Task.FromResult<IPreparedContainer>(new DeferredContainer(this, spec));
}
