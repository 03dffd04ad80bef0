using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Archives;

namespace HarnessBench.Docker.Runtime;

internal sealed partial class DockerContainerRuntime
{
    // Primary-constructor parameters, exposed to the nested session class.
    private DockerClient Client => client;

    private Microsoft.Extensions.Logging.ILogger Logger => logger;

    /// <summary>
    /// Creates the container with exactly <see cref="RunAsync"/>'s sandbox (the same create body),
    /// copies the inputs in and starts it. A timer kills it at the spec's timeout.
    /// </summary>
    public async Task<IContainerSession> StartAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        long started = _time.GetTimestamp();
        string cellId = spec.Labels.GetValueOrDefault(ManagedLabels.Cell) ?? "-";
        string name = ContainerName(spec.Name);
        var creation = new Creation(name);
        ImageInfo image = await GuardAsync(creation, cellId, () => CreateAndStartAsync(spec, creation, cellId, gated: false, cancellationToken), removeAfter: false, cancellationToken);
        return new DockerContainerSession(this, spec, creation.Id!, image.Id, cellId, started);
    }

    /// <summary>One started container on the local engine; every path out of it (finish, dispose, cancel) removes it.</summary>
    private sealed class DockerContainerSession(DockerContainerRuntime runtime, ContainerSpec spec, string id, string imageId, string cellId, long started)
        : ContainerSession(runtime.Client, id, spec, launcher: [], runtime._time, started)
    {
        protected override Exception ExecFailed(DockerException exception) => new ContainerRuntimeException(exception.Message, exception);

        protected override async Task<ContainerRun> CollectAsync(CancellationToken cancellationToken)
        {
            DockerClient client = runtime.Client;
            try
            {
                await client.KillContainerAsync(ContainerId, "KILL", cancellationToken);
                await client.WaitContainerAsync(ContainerId, cancellationToken);
                await ContainerLogFiles.WriteAsync(client, ContainerId, Spec, runtime._options.MaxLogBytes, runtime.Logger, cellId, cancellationToken);
                ContainerInfo info = await client.InspectContainerAsync(ContainerId, cancellationToken)
                    ?? throw new ContainerRuntimeException($"Container {ContainerId} disappeared before it could be inspected. Something else removed it; check for a concurrent `docker rm` or reaper.");
                string? limit = null;
                foreach (DirectoryCopyOut copy in Spec.CopyOut)
                {
                    limit ??= await ContainerFiles.CopyOutAsync(client, ContainerId, copy, runtime.Logger, cellId, cancellationToken);
                }

                ContainerState state = info.State;
                TimeSpan processTime = state is { StartedAt: { } from, FinishedAt: { } to } && to > from ? to - from : TimeSpan.Zero;
                var run = new ContainerRun(ContainerId, info.ImageId.Length > 0 ? info.ImageId : imageId,
                    TimedOut ? null : state.ExitCode, TimedOut, state.OomKilled, processTime, Time.GetElapsedTime(Started))
                {
                    CopyOutLimit = limit,
                };
                Log.ContainerFinished(runtime.Logger, cellId, ContainerId, run.ExitCode, run.ProcessTime, run.TotalTime);
                return run;
            }
            catch (DockerException ex)
            {
                throw new ContainerRuntimeException(ex.Message, ex);
            }
            catch (UnsafeArchiveEntryException ex)
            {
                throw new ContainerRuntimeException($"Copying files out of container {ContainerId} was refused: {ex.Message}", ex);
            }
        }

        protected override Task RemoveAsync() =>
            runtime.CleanupAsync(ct => runtime.Client.RemoveContainerAsync(ContainerId, force: true, removeVolumes: true, ct), cellId, ContainerId);
    }
}
