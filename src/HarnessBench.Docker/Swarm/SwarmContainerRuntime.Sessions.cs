using HarnessBench.Core.Runtime;
using ContainerSpec = HarnessBench.Core.Runtime.ContainerSpec;
using HarnessBench.Docker.Runtime;

namespace HarnessBench.Docker.Swarm;

internal sealed partial class SwarmContainerRuntime
{
    /// <summary>
    /// A job whose command idles (the spec's, e.g. sleep), released like a one-shot job; commands run in
    /// its task's container by exec on the engine of the node running it. Killed at the spec's timeout.
    /// </summary>
    public async Task<IContainerSession> StartAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        long started = _time.GetTimestamp();
        SwarmJob job = NewJob(spec);
        string imageId = await GuardAsync(job, async () =>
        {
            string id = await LaunchAsync(job, spec, cancellationToken);
            await job.ReleaseAsync([], cancellationToken);
            return id;
        }, removeAfter: false, cancellationToken);
        return new SwarmSession(this, job, spec, imageId, started);
    }

    /// <summary>One started job: the shared exec session on the adapter of the node running it; every path out of it removes the job.</summary>
    private sealed class SwarmSession(SwarmContainerRuntime runtime, SwarmJob job, ContainerSpec spec, string imageId, long started)
        // Execs do not inherit the gate's no_new_privs, so setpriv sets it again.
        : ContainerSession(job.Engine!, job.ContainerId!, spec, launcher: ["setpriv", "--no-new-privs", "--"], runtime._time, started)
    {
        protected override Exception ExecFailed(DockerException exception) => SwarmErrors.ExecFailed(exception, job);

        protected override async Task<ContainerRun> CollectAsync(CancellationToken cancellationToken)
        {
            try
            {
                await job.KillAsync(cancellationToken);
                await job.Engine!.WaitContainerAsync(ContainerId, cancellationToken);
                ContainerRun run = await runtime.CollectAsync(job, Spec, imageId, timedOut: false, Started, cancellationToken);
                // Killed by FinishAsync: the exit code is the kill's, unless the time limit had passed.
                return TimedOut ? run with { ExitCode = null, TimedOut = true } : run;
            }
            catch (Exception ex) when (SwarmErrors.Translate(ex, job) is { } failure)
            {
                throw failure;
            }
        }

        protected override Task RemoveAsync() => job.RemoveAsync(runtime._options.CleanupTimeout);
    }
}
