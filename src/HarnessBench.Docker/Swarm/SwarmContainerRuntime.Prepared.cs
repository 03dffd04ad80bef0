using HarnessBench.Core.Runtime;
using ContainerSpec = HarnessBench.Core.Runtime.ContainerSpec;

namespace HarnessBench.Docker.Swarm;

internal sealed partial class SwarmContainerRuntime
{
    /// <summary>
    /// Launches the job (network, service, scheduling, early inputs copied in) and leaves its gate shut:
    /// on Swarm that is most of a container's cost (~1 s), now spent while the agent runs. The gate polls
    /// for its release marker every 50 ms (a <c>sleep</c> fork each time; services cannot hold stdin the way
    /// the local gate does). It reserves no CPU or memory on its node (<see cref="SwarmJobSpec.Service"/>).
    /// </summary>
    public async Task<IPreparedContainer> PrepareAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        SwarmJob job = NewJob(spec);
        string imageId = await GuardAsync(job, () => LaunchAsync(job, spec, cancellationToken, reserve: false), removeAfter: false, cancellationToken);
        return new SwarmPreparedContainer(this, job, spec, imageId);
    }

    /// <summary>A launched, gated job: run once (then removed by the run), or disposed (removed unrun).</summary>
    private sealed class SwarmPreparedContainer(SwarmContainerRuntime runtime, SwarmJob job, ContainerSpec spec, string imageId) : IPreparedContainer
    {
        private int _used;

        public async Task<ContainerRun> RunAsync(IReadOnlyList<DirectoryCopyIn> lateCopyIn, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(lateCopyIn);
            if (Interlocked.Exchange(ref _used, 1) != 0) throw new InvalidOperationException("A prepared container runs once.");
            long started = runtime._time.GetTimestamp();
            return await runtime.GuardAsync(job, async () =>
            {
                await job.ReleaseAsync(lateCopyIn, cancellationToken);
                bool timedOut = await job.WaitAsync(spec.Timeout, cancellationToken);
                return await runtime.CollectAsync(job, spec, imageId, timedOut, started, cancellationToken);
            }, removeAfter: true, cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _used, 1) == 0) await job.RemoveAsync(runtime._options.CleanupTimeout);
        }
    }
}
