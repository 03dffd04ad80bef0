using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using HarnessBench.Core.Runtime;
using ContainerSpec = HarnessBench.Core.Runtime.ContainerSpec;
using HarnessBench.Docker.Runtime;
using Microsoft.Extensions.Logging;

namespace HarnessBench.Docker.Swarm;

/// <summary>
/// One launched job: its network, its service, and (once scheduled) its task's container on the engine
/// of the node running it. Every step records what exists, so that <see cref="RemoveAsync"/> removes
/// exactly that, whatever failed or was cancelled.
/// </summary>
internal sealed class SwarmJob(SwarmEngines engines, string name, string cellId, ILogger logger, TimeProvider time)
{
    // How often the task's state is looked at while waiting: scheduling, and node loss while running.
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Watch = TimeSpan.FromSeconds(2);

    public string Name => name;

    public string CellId => cellId;

    public string? NetworkId { get; private set; }

    public string? ServiceId { get; private set; }

    public string? NodeId { get; private set; }

    /// <summary>The swarm task running the container: watched for loss while the command runs.</summary>
    public string? TaskId { get; private set; }

    public string? ContainerId { get; private set; }

    /// <summary>The adapter on the engine running the container (set with <see cref="ContainerId"/>).</summary>
    public DockerClient? Engine { get; private set; }

    /// <summary>When the gate was opened: the command's clock starts here, not at container start.</summary>
    public DateTimeOffset ReleasedAt { get; private set; }

    /// <summary>Creates the network and the service, waits for the container and copies the inputs in; the gate stays shut (<see cref="ReleaseAsync"/>).</summary>
    /// <param name="reserve">Reserve the spec's limits on the node (off for a job prepared ahead: <see cref="SwarmJobSpec.Service"/>).</param>
    /// <param name="volumes">Volume mounts besides the spec's bind mounts (the gateway relay's socket volume).</param>
    /// <param name="placed">Checks the node the task was placed on before anything runs (throws to refuse it).</param>
    public async Task LaunchAsync(ContainerSpec spec, IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> labels, SwarmRuntimeOptions options, bool reserve, CancellationToken ct,
        IReadOnlyList<Mount>? volumes = null, Func<string, CancellationToken, Task>? placed = null)
    {
        IDockerClient manager = engines.Manager;
        NetworkId = (await manager.Networks.CreateNetworkAsync(SwarmJobSpec.Network(name, labels), ct)).ID;
        ServiceCreateParameters service = SwarmJobSpec.Service(spec, name, NetworkId, argv, labels, options.ReplicatedJobMode, options.Constraints, reserve);
        foreach (Mount volume in volumes ?? []) service.Service.TaskTemplate!.ContainerSpec!.Mounts!.Add(volume);
        string serviceId = (await manager.Swarm.CreateServiceAsync(service, ct)).ID ?? name;
        ServiceId = serviceId;
        Log.SwarmJobCreated(logger, cellId, name, serviceId, spec.Image);
        (string taskId, string nodeId, string containerId) = await WaitForContainerAsync(options.SchedulingTimeout, ct);
        TaskId = taskId;
        NodeId = nodeId;
        ContainerId = containerId;
        if (placed is not null) await placed(nodeId, ct);
        Engine = await engines.ContainersOnAsync(nodeId, ct);
        await ContainerFiles.CopyInAsync(Engine, ContainerId, spec.CopyIn, ct);

        // Swap equal to memory, as the local runtime sets it: services cannot say so on this engine.
        await Engine.SetMemoryLimitAsync(ContainerId, spec.Limits.MemoryBytes, ct);
    }

    /// <summary>Copies <paramref name="lateCopyIn"/> in (a prepared job's late inputs; none for a one-shot job) and opens the gate.</summary>
    public async Task ReleaseAsync(IReadOnlyList<DirectoryCopyIn> lateCopyIn, CancellationToken ct)
    {
        await ContainerFiles.CopyInAsync(Engine!, ContainerId!, lateCopyIn, ct);
        ReleasedAt = time.GetUtcNow();
        await Engine!.PutArchiveAsync(ContainerId!, "/", ReleaseArchive.WriteAsync, ct);
    }

    /// <summary>Waits for the container to exit; at <paramref name="timeout"/> kills it. True when killed for the timeout.</summary>
    /// <exception cref="BackendFailureException">The task was lost (its node went down, the scheduler failed it) while running.</exception>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        Task<long> wait = Engine!.WaitContainerAsync(ContainerId!, linked.Token);
        try
        {
            while (true)
            {
                Task done = await Task.WhenAny(wait, Task.Delay(Watch, time, linked.Token));
                if (done == wait)
                {
                    await wait;
                    return false;
                }

                await done;
                await EnsureTaskAliveAsync(linked.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            await KillAsync(ct);
            await Engine.WaitContainerAsync(ContainerId!, ct);
            Log.SwarmJobTimedOut(logger, cellId, name, timeout);
            return true;
        }
        catch (Exception ex) when (SwarmErrors.LostEngine(ex) is { } lost)
        {
            throw new BackendFailureException($"lost the engine of node {NodeId} running job {name} ({lost.Message}): the node went away or its engine stopped", lost);
        }
    }

    /// <summary>Kills the container; one that already exited or is gone is not an error.</summary>
    public Task KillAsync(CancellationToken ct) => Engine!.KillContainerAsync(ContainerId!, "KILL", ct);

    /// <summary>Removes the service, its container and the network, each bounded; failures are logged for the reaper.</summary>
    public async Task RemoveAsync(TimeSpan bound)
    {
        using var bounded = new CancellationTokenSource(bound, time);
        CancellationToken ct = bounded.Token;
        if (ServiceId is not null) await TryAsync("service", ServiceId, t => engines.Manager.Swarm.RemoveServiceAsync(ServiceId, t), ct);
        else await TryAsync("service", name, t => engines.Manager.Swarm.RemoveServiceAsync(name, t), ct);
        // The swarm agent removes the task's container too, but later: removing it now frees the network.
        if (ContainerId is not null && Engine is not null)
        {
            await TryAsync("container", ContainerId, t => Engine.RemoveContainerAsync(ContainerId, force: true, removeVolumes: true, t), ct);
        }

        string network = NetworkId ?? name;
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                await engines.Manager.Networks.DeleteNetworkAsync(network, ct);
                return;
            }
            catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                return;
            }
            catch (DockerApiException ex) when (attempt < 50 && !ct.IsCancellationRequested)
            {
                // "network has active endpoints" until the task's endpoint is released.
                _ = ex;
                await Task.Delay(Poll, time, CancellationToken.None);
            }
            catch (Exception ex) when (ex is DockerApiException or HttpRequestException or OperationCanceledException or IOException)
            {
                Log.SwarmRemoveFailed(logger, ex, cellId, "network", network);
                return;
            }
        }
    }

    private async Task TryAsync(string kind, string id, Func<CancellationToken, Task> action, CancellationToken ct)
    {
        try
        {
            await action(ct);
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // Never created, or already gone.
        }
        catch (Exception ex) when (ex is DockerApiException or DockerException or HttpRequestException or OperationCanceledException or IOException)
        {
            Log.SwarmRemoveFailed(logger, ex, cellId, kind, id);
        }
    }

    /// <summary>Waits until the job's task runs a container; a task that fails or is rejected first is a backend failure.</summary>
    private async Task<(string TaskId, string NodeId, string ContainerId)> WaitForContainerAsync(TimeSpan scheduling, CancellationToken ct)
    {
        long begun = time.GetTimestamp();
        string last = "not scheduled yet";
        while (true)
        {
            TaskResponse? task = await FirstTaskAsync(ct);
            if (task?.Status is { } status)
            {
                last = $"{status.State}: {status.Err ?? status.Message}";
                if (status.State == TaskState.Running && status.ContainerStatus?.ContainerID is { Length: > 0 } container && task.NodeID is { Length: > 0 } node)
                {
                    return (task.ID, node, container);
                }

                if (status.State is TaskState.Failed or TaskState.Rejected or TaskState.Orphaned or TaskState.Shutdown or TaskState.Remove or TaskState.Complete)
                {
                    throw new BackendFailureException($"Swarm job {name} ended before its command was released ({last}){PullHint(status, task.NodeID)}");
                }

                // A task assigned to a node that then went down keeps its last state: it would wait out the scheduling timeout.
                if (task.NodeID is { Length: > 0 } assigned && await DownNodeAsync(assigned, ct) is { } down)
                {
                    throw new BackendFailureException($"Swarm node {down} went down before job {name} started ({last})");
                }
            }

            if (time.GetElapsedTime(begun) > scheduling)
            {
                throw new BackendFailureException($"Swarm did not start job {name} within {scheduling.TotalSeconds:0}s (last state {last}); is a node with enough free CPU and memory available?");
            }

            await Task.Delay(Poll, time, ct);
        }
    }

    /// <summary>A node that cannot pull the image by digest rejects the task: say which node and what it needs.</summary>
    private static string PullHint(global::Docker.DotNet.Models.TaskStatus status, string? nodeId) =>
        (status.Err ?? "").Contains("image", StringComparison.OrdinalIgnoreCase) || (status.Err ?? "").Contains("manifest", StringComparison.OrdinalIgnoreCase)
            ? $"; node {nodeId} could not pull the cell's image from the registry: every node must reach it and trust its CA (/etc/docker/certs.d/HOST:PORT/ca.crt; README, Scale-out)"
            : "";

    private async Task EnsureTaskAliveAsync(CancellationToken ct)
    {
        TaskResponse task = await engines.Manager.Tasks.InspectAsync(TaskId!, ct);
        if (task.Status is { State: TaskState.Orphaned or TaskState.Rejected or TaskState.Remove } status)
        {
            throw new BackendFailureException($"Swarm lost job {name} on node {NodeId} ({status.State}: {status.Err ?? status.Message})");
        }

        if (NodeId is not null && await DownNodeAsync(NodeId, ct) is { } down)
        {
            throw new BackendFailureException($"Swarm node {down} running job {name} is down");
        }
    }

    /// <summary>The node's hostname (or id) when the manager sees it down or disconnected; null while it is up.</summary>
    private async Task<string?> DownNodeAsync(string nodeId, CancellationToken ct) =>
        await engines.Manager.Swarm.InspectNodeAsync(nodeId, ct) is { Status.State: "down" or "disconnected" } node ? node.Description?.Hostname ?? nodeId : null;

    /// <summary>The service's first task: the only one that may run the command (a replacement never gets the inputs).</summary>
    private async Task<TaskResponse?> FirstTaskAsync(CancellationToken ct)
    {
        var filters = new Dictionary<string, IDictionary<string, bool>> { ["service"] = new Dictionary<string, bool> { [ServiceId!] = true } };
        IList<TaskResponse> tasks = await engines.Manager.Tasks.ListAsync(new TasksListParameters { Filters = filters }, ct);
        return tasks.OrderBy(t => t.CreatedAt).FirstOrDefault();
    }
}
