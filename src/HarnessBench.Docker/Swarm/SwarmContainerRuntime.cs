using Docker.DotNet;
using Docker.DotNet.Models;
using HarnessBench.Core.Runtime;
using ContainerSpec = HarnessBench.Core.Runtime.ContainerSpec;
using HarnessBench.Docker.Runtime;
using Microsoft.Extensions.Logging;

namespace HarnessBench.Docker.Swarm;

/// <summary>Settings of the Swarm backend.</summary>
internal sealed record SwarmRuntimeOptions
{
    /// <summary>Cap on each of stdout and stderr written to the host files (as the local runtime).</summary>
    public long MaxLogBytes { get; init; } = 64L << 20;

    /// <summary>Bound on removing a job's service, container and network (runs after cancellation too).</summary>
    public TimeSpan CleanupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a job may wait to be scheduled and started (queued behind reservations, image lookup).</summary>
    public TimeSpan SchedulingTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Run each container as a <c>replicated-job</c> service rather than one never-restarted replica (see <see cref="SwarmJobSpec.Service"/> for why not by default).</summary>
    public bool ReplicatedJobMode { get; init; }

    /// <summary>Placement constraints of every job (e.g. <c>node.labels.hbench==true</c> to keep cells on some nodes); none by default.</summary>
    public IReadOnlyList<string> Constraints { get; init; } = [];
}

/// <summary>
/// <see cref="IContainerRuntime"/> on Docker Swarm: each container is a one-shot replicated job (max one
/// replica, no restart) on its own internal overlay network, with the spec's limits as reservations and
/// limits, uid and capabilities, the gateway's socket directory bound read-only, and the ownership labels
/// on the service, the network and the container. The job starts gated: its inputs are copied into the
/// task's container through the engine of the node running it, then the gate opens (see
/// <see cref="SwarmJobSpec.Gate"/>). Outputs are copied out before the service, the container and the
/// network are removed. A job the swarm fails or loses is a <see cref="BackendFailureException"/>.
/// </summary>
internal sealed partial class SwarmContainerRuntime(
    SwarmEngines engines,
    RuntimeOwner owner,
    ILogger<SwarmContainerRuntime> logger,
    TimeProvider? timeProvider = null,
    SwarmRuntimeOptions? options = null,
    SwarmRegistry? registry = null) : IContainerRuntime
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly SwarmRuntimeOptions _options = options ?? new SwarmRuntimeOptions();
    private readonly SwarmRegistry _registry = registry ?? new SwarmRegistry(engines, null, logger, timeProvider);

    public async Task<ContainerRun> RunAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        long started = _time.GetTimestamp();
        SwarmJob job = NewJob(spec);
        return await GuardAsync(job, async () =>
        {
            string imageId = await LaunchAsync(job, spec, cancellationToken);
            await job.ReleaseAsync([], cancellationToken);
            bool timedOut = await job.WaitAsync(spec.Timeout, cancellationToken);
            return await CollectAsync(job, spec, imageId, timedOut, started, cancellationToken);
        }, removeAfter: true, cancellationToken);
    }

    private SwarmJob NewJob(ContainerSpec spec) =>
        new(engines, SwarmJobSpec.Name(spec.Name), spec.Labels.GetValueOrDefault(ManagedLabels.Cell) ?? "-", logger, _time);

    /// <summary>
    /// Runs <paramref name="body"/> on a job: engine failures become backend errors (<see cref="SwarmErrors"/>),
    /// and the job is removed when <paramref name="removeAfter"/> (always) or when <paramref name="body"/> fails.
    /// </summary>
    private async Task<T> GuardAsync<T>(SwarmJob job, Func<Task<T>> body, bool removeAfter, CancellationToken cancellationToken)
    {
        bool failed = true;
        try
        {
            T result = await body();
            failed = false;
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && job.ContainerId is not null)
        {
            Log.SwarmJobCancelled(logger, job.CellId, job.Name);
            throw;
        }
        catch (Exception ex) when (SwarmErrors.Translate(ex, job) is { } failure)
        {
            throw failure;
        }
        finally
        {
            if (removeAfter || failed) await job.RemoveAsync(_options.CleanupTimeout);
        }
    }

    /// <summary>Inspects the image, makes sure the registry has it and launches the gated job on its digest with its inputs in; returns the image id.</summary>
    private async Task<string> LaunchAsync(SwarmJob job, ContainerSpec spec, CancellationToken ct, bool reserve = true)
    {
        ImageInspectResponse image;
        try
        {
            image = await engines.Manager.Images.InspectImageAsync(spec.Image, ct);
        }
        catch (DockerImageNotFoundException)
        {
            throw new ContainerRuntimeException(DockerErrors.ImageMissing(spec.Image).Message);
        }

        List<string> argv = spec.Command.Count > 0
            ? [.. spec.Command]
            : [.. image.Config?.Entrypoint ?? [], .. image.Config?.Cmd ?? []];
        // By digest from the registry: any node runs exactly the image the manager resolved (SwarmRegistry).
        string reference = await _registry.ReferenceAsync(spec.Image, image.ID, ct);
        (ContainerSpec mapped, IReadOnlyList<Mount> volumes, SwarmGatewayRelay? relay) = MapGatewayMount(spec with { Image = reference });
        Func<string, CancellationToken, Task>? placed = relay is null ? null : relay.RequireOnNodeAsync;
        await job.LaunchAsync(mapped, argv, Labels(spec, job.CellId), _options, reserve, ct, volumes, placed);
        return image.ID;
    }

    /// <summary>Logs, state and outputs of the exited container, as the local runtime collects them.</summary>
    private async Task<ContainerRun> CollectAsync(SwarmJob job, ContainerSpec spec, string imageId, bool timedOut, long started, CancellationToken ct)
    {
        DockerClient engine = job.Engine!;
        string id = job.ContainerId!;
        await ContainerLogFiles.WriteAsync(engine, id, spec, _options.MaxLogBytes, logger, job.CellId, ct);
        ContainerInfo info = await engine.InspectContainerAsync(id, ct)
            ?? throw new BackendFailureException($"Swarm job {job.Name}: its container {id} disappeared before it could be inspected");
        string? limit = null;
        foreach (DirectoryCopyOut copy in spec.CopyOut)
        {
            limit ??= await ContainerFiles.CopyOutAsync(engine, id, copy, logger, job.CellId, ct);
        }

        ContainerState state = info.State;
        var run = new ContainerRun(id, string.IsNullOrEmpty(info.ImageId) ? imageId : info.ImageId, timedOut ? null : state.ExitCode,
            timedOut, state.OomKilled, ProcessTime(job, state), _time.GetElapsedTime(started))
        {
            CopyOutLimit = limit,
            Node = await engines.NodeNameAsync(job.NodeId!, ct),
        };
        Log.SwarmJobFinished(logger, job.CellId, job.Name, run.ExitCode, run.ProcessTime, run.TotalTime);
        return run;
    }

    /// <summary>From the gate's release (not the container's start, which includes the copy-in) to the exit.</summary>
    private static TimeSpan ProcessTime(SwarmJob job, ContainerState state)
    {
        if (state is not { StartedAt: { } from, FinishedAt: { } to }) return TimeSpan.Zero;
        DateTimeOffset begin = from > job.ReleasedAt ? from : job.ReleasedAt;
        return to > begin ? to - begin : TimeSpan.Zero;
    }

    private Dictionary<string, string> Labels(ContainerSpec spec, string cellId)
    {
        Dictionary<string, string> labels = spec.Labels.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach ((string key, string value) in owner.Labels(cellId == "-" ? null : cellId))
        {
            // As the local runtime: ownership cannot be overridden; the run id can (a sweep names its run).
            if (key != ManagedLabels.Run || !labels.ContainsKey(key)) labels[key] = value;
        }

        return labels;
    }
}
