using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using HarnessBench.Core.Runtime;
using Microsoft.Extensions.Logging;

namespace HarnessBench.Docker.Swarm;

/// <summary>
/// The model gateway on every node: a global service (one task per node, the hbench base image by
/// registry digest, socat) that listens on a unix socket in a node-local volume and copies each
/// connection's bytes to the host gateway's TCP listener on the manager's advertise address. A cell's
/// service mounts that volume read-only where the local runtime mounts the gateway's socket directory,
/// so the harness inside sees the same socket on any node, and metering stays in the one gateway. The
/// relay uses the node's host network (it must reach the manager); the cells stay on their internal
/// networks. Labelled with the owner, so the reaper removes a dead process's relay like its jobs.
/// </summary>
internal sealed class SwarmGatewayRelay : IAsyncDisposable
{
    /// <summary>Label value of <see cref="RoleLabel"/> on the relay's service and volume.</summary>
    public const string Role = "gateway-relay";

    public const string RoleLabel = "io.harnessbench.role";

    private const string RelayDirectory = "/relay";
    private static readonly TimeSpan Ready = TimeSpan.FromMinutes(2);
    private readonly SwarmEngines _engines;
    private readonly ILogger _logger;

    private SwarmGatewayRelay(SwarmEngines engines, string name, string serviceId, string socketDirectory, ILogger logger)
    {
        _engines = engines;
        Name = name;
        ServiceId = serviceId;
        SocketDirectory = socketDirectory;
        _logger = logger;
    }

    /// <summary>The service's name, also the name of the per-node volume holding the socket.</summary>
    public string Name { get; }

    public string ServiceId { get; }

    /// <summary>The host's gateway socket directory: a spec mount of this path becomes the relay volume.</summary>
    public string SocketDirectory { get; }

    /// <summary>Starts the relay for the gateway listening on <paramref name="gateway"/> and waits until every available node runs it.</summary>
    public static async Task<SwarmGatewayRelay> StartAsync(SwarmEngines engines, SwarmRegistry registry, RuntimeOwner owner, string socketDirectory, string socketFileName,
        IPEndPoint gateway, ILogger logger, CancellationToken ct)
    {
        (string image, string imageId) = await BaseImageAsync(engines.Manager, ct);
        string reference = await registry.ReferenceAsync(image, imageId, ct);
        string name = SwarmJobSpec.Name(Role);
        Dictionary<string, string> labels = new(owner.Labels(null), StringComparer.Ordinal) { [RoleLabel] = Role };
        string socket = $"{RelayDirectory}/{socketFileName}";
        var service = new ServiceSpec
        {
            Name = name,
            Labels = labels,
            Mode = new ServiceMode { Global = new GlobalService() },
            TaskTemplate = new TaskSpec
            {
                ContainerSpec = new global::Docker.DotNet.Models.ContainerSpec
                {
                    Image = reference,
                    // mode 666: cells run as uid 1000; unlink-early: a socket left by a previous relay task.
                    Command = ["socat", $"UNIX-LISTEN:{socket},fork,mode=666,unlink-early", $"TCP:{gateway.Address}:{gateway.Port}"],
                    User = "0",
                    CapabilityDrop = ["ALL"],
                    Init = true,
                    Labels = labels,
                    Mounts = [new Mount { Type = "volume", Source = name, Target = RelayDirectory, VolumeOptions = new VolumeOptions { Labels = labels } }],
                    // Running means listening: a cell placed on the node finds the socket there.
                    Healthcheck = new HealthcheckConfig { Test = ["CMD", "test", "-S", socket], Interval = TimeSpan.FromMilliseconds(250), Retries = 40, StartPeriod = TimeSpan.FromSeconds(30) },
                },
                Networks = [new NetworkAttachmentConfig { Target = "host" }],
                RestartPolicy = new SwarmRestartPolicy { Condition = "any", Delay = TimeSpan.FromSeconds(1) },
            },
        };
        string serviceId = (await engines.Manager.Swarm.CreateServiceAsync(new ServiceCreateParameters { Service = service }, ct)).ID ?? name;
        var relay = new SwarmGatewayRelay(engines, name, serviceId, socketDirectory, logger);
        try
        {
            await relay.WaitUntilEveryNodeRunsItAsync(ct);
            return relay;
        }
        catch
        {
            await relay.DisposeAsync();
            throw;
        }
    }

    /// <summary>The node-local socket volume, mounted read-only where the gateway's socket directory goes.</summary>
    public Mount MountAt(string target) => new() { Type = "volume", Source = Name, Target = target, ReadOnly = true };

    /// <summary>A cell placed on <paramref name="nodeId"/> reaches the gateway only through the relay there.</summary>
    /// <exception cref="BackendFailureException">The relay does not run on that node.</exception>
    public async Task RequireOnNodeAsync(string nodeId, CancellationToken ct)
    {
        if (await RunsOnAsync(nodeId, ct)) return;
        string node = await _engines.NodeNameAsync(nodeId, ct);
        throw new BackendFailureException($"the gateway relay ({Name}) does not run on swarm node {node}, so a cell there cannot reach the model gateway. Fix: `docker service ps {Name}` says why.");
    }

    public async ValueTask DisposeAsync()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await _engines.Manager.Swarm.RemoveServiceAsync(ServiceId, bound.Token);
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            Log.SwarmRemoveFailed(_logger, ex, "-", "service", Name);
        }

        await SwarmVolumes.RemoveEverywhereAsync(_engines, Name, _logger, bound.Token);
    }

    private async Task WaitUntilEveryNodeRunsItAsync(CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Ready);
        IEnumerable<NodeListResponse> nodes = await _engines.Manager.Swarm.ListNodesAsync(ct);
        foreach (NodeListResponse node in nodes.Where(n => n.Status?.State == "ready" && n.Spec?.Availability == "active"))
        {
            try
            {
                while (!await RunsOnAsync(node.ID, deadline.Token)) await Task.Delay(200, deadline.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new ContainerRuntimeException($"The gateway relay ({Name}) did not start on swarm node {node.Description?.Hostname ?? node.ID} within {Ready.TotalSeconds:0}s. Fix: `docker service ps {Name} --no-trunc` says why.");
            }
        }
    }

    private async Task<bool> RunsOnAsync(string nodeId, CancellationToken ct)
    {
        var filters = new Dictionary<string, IDictionary<string, bool>>
        {
            ["service"] = new Dictionary<string, bool> { [ServiceId] = true },
            ["node"] = new Dictionary<string, bool> { [nodeId] = true },
        };
        IList<TaskResponse> tasks = await _engines.Manager.Tasks.ListAsync(new TasksListParameters { Filters = filters }, ct);
        // Desired running too: a task being shut down (its node drained, the service updated) still reports running for a moment.
        return tasks.Any(t => t.Status?.State == TaskState.Running && t.DesiredState == TaskState.Running);
    }

    /// <summary>The newest hbench/base image: the relay needs only socat, which the base image has.</summary>
    private static async Task<(string Image, string Id)> BaseImageAsync(IDockerClient manager, CancellationToken ct)
    {
        var filters = new Dictionary<string, IDictionary<string, bool>> { ["reference"] = new Dictionary<string, bool> { ["hbench/base"] = true } };
        ImagesListResponse newest = (await manager.Images.ListImagesAsync(new ImagesListParameters { Filters = filters }, ct)).MaxBy(i => i.Created)
            ?? throw new ContainerRuntimeException("The Swarm backend's gateway relay runs on the hbench/base image, and there is none. Fix: ./hbench images build");
        return ((newest.RepoTags ?? []).First(t => t.StartsWith("hbench/base:", StringComparison.Ordinal)), newest.ID);
    }
}
