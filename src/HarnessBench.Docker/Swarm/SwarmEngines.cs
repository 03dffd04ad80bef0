using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;
using Docker.DotNet.Unix;
using HarnessBench.Core.Runtime;

namespace HarnessBench.Docker.Swarm;

/// <summary>
/// The engines a Swarm backend talks to: the manager (services, tasks, networks, nodes) and, per node,
/// the engine that runs that node's containers. The archive, exec, logs and wait endpoints answer only
/// on the engine of the node running the task, so every container-level call goes through that node's
/// <see cref="DockerClient"/> adapter (<see cref="ContainersOnAsync"/>), the one the local runtime uses:
/// the manager's own node is the manager's engine; any other node must
/// advertise its engine endpoint as the node label or the engine label <see cref="EngineLabel"/>
/// (<c>docker node update --label-add</c>, or dockerd <c>--label</c>; the node label wins).
/// </summary>
internal sealed class SwarmEngines : IDisposable
{
    /// <summary>Engine label naming the endpoint of a worker's engine, e.g. unix:///run/hbench-node2/docker.sock.</summary>
    public const string EngineLabel = "io.harnessbench.engine";

    // Docker 20.10 answers API 1.41 at most; the client's default is newer and would be refused.
    private static readonly System.Version ApiVersion = new(1, 41);
    private readonly ConcurrentDictionary<string, NodeEngine> _nodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly List<IDockerClient> _owned = [];
    private readonly NodeEngine _manager;
    private string? _localNodeId;

    public SwarmEngines(Uri managerEndpoint)
    {
        Manager = Connect(managerEndpoint);
        _owned.Add(Manager);
        _manager = new NodeEngine(Manager, new DockerClient(DockerEndpoint.FromUri(managerEndpoint), Manager));
    }

    public IDockerClient Manager { get; }

    /// <summary>The local engine (DOCKER_HOST when it is a unix socket, else /var/run/docker.sock).</summary>
    public static SwarmEngines FromEnvironment()
    {
        string? host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        return new SwarmEngines(new Uri(host is { Length: > 0 } && host.StartsWith("unix://", StringComparison.Ordinal) ? host : "unix:///var/run/docker.sock"));
    }

    public static IDockerClient Connect(Uri endpoint)
    {
        var builder = new DockerClientBuilder().WithEndpoint(endpoint).WithApiVersion(ApiVersion);
        return endpoint.Scheme == "unix"
            ? builder.WithTransportOptions(new UnixSocketTransportOptions()).Build()
            : builder.Build();
    }

    /// <summary>The node id of the manager's own engine, or null when it is not in a swarm.</summary>
    public async Task<string?> LocalNodeIdAsync(CancellationToken cancellationToken)
    {
        if (_localNodeId is not null) return _localNodeId;
        SystemInfoResponse info = await Manager.System.GetSystemInfoAsync(cancellationToken);
        _localNodeId = info.Swarm?.LocalNodeState == "active" ? info.Swarm.NodeID : null;
        return _localNodeId;
    }

    /// <summary>The engine that runs <paramref name="nodeId"/>'s containers (for image calls).</summary>
    /// <exception cref="BackendFailureException">The node cannot be reached for container calls.</exception>
    public async Task<IDockerClient> ForNodeAsync(string nodeId, CancellationToken cancellationToken) =>
        (await NodeAsync(nodeId, cancellationToken)).Engine;

    /// <summary>
    /// The adapter for container-level calls (exec, logs, wait, archive, inspect) on the engine that runs
    /// <paramref name="nodeId"/>'s containers: the local runtime's code, errors and limits, on that node.
    /// </summary>
    /// <exception cref="BackendFailureException">The node cannot be reached for container calls.</exception>
    public async Task<DockerClient> ContainersOnAsync(string nodeId, CancellationToken cancellationToken) =>
        (await NodeAsync(nodeId, cancellationToken)).Containers;

    private async Task<NodeEngine> NodeAsync(string nodeId, CancellationToken cancellationToken)
    {
        if (_nodes.TryGetValue(nodeId, out var known)) return known;
        if (nodeId == await LocalNodeIdAsync(cancellationToken)) return _nodes.GetOrAdd(nodeId, _manager);
        NodeListResponse node = await Manager.Swarm.InspectNodeAsync(nodeId, cancellationToken);
        if (Endpoint(node) is not { } uri)
        {
            throw new BackendFailureException(
                $"Swarm node {node.Description?.Hostname ?? nodeId} runs the job but does not say how to reach its engine, and files and logs can only be moved through the engine of the node running the task. " +
                $"Fix: start that node's dockerd with --label {EngineLabel}=<endpoint reachable from here> (see README, Scale-out).");
        }

        lock (_owned)
        {
            if (_nodes.TryGetValue(nodeId, out known)) return known;
            IDockerClient client = Connect(uri);
            _owned.Add(client);
            // One adapter per node, over the node's one connection (which it does not own: disposed here).
            var engine = new NodeEngine(client, new DockerClient(DockerEndpoint.FromUri(uri), client));
            _nodes[nodeId] = engine;
            return engine;
        }
    }

    /// <summary>The node's hostname (what result lines record), or its id when it has none.</summary>
    public async Task<string> NodeNameAsync(string nodeId, CancellationToken cancellationToken)
    {
        if (_names.TryGetValue(nodeId, out var known)) return known;
        NodeListResponse node = await Manager.Swarm.InspectNodeAsync(nodeId, cancellationToken);
        return _names.GetOrAdd(nodeId, node.Description?.Hostname is { Length: > 0 } host ? host : nodeId);
    }

    /// <summary>The endpoint a node advertises for its engine (node label first, then engine label), or null.</summary>
    public static Uri? Endpoint(NodeListResponse node)
    {
        string? endpoint = node.Spec?.Labels is { } nodeLabels && nodeLabels.TryGetValue(EngineLabel, out var fromNode) ? fromNode
            : node.Description?.Engine?.Labels is { } engineLabels && engineLabels.TryGetValue(EngineLabel, out var fromEngine) ? fromEngine
            : null;
        return !string.IsNullOrEmpty(endpoint) && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri : null;
    }

    public void Dispose()
    {
        lock (_owned)
        {
            foreach (IDockerClient client in _owned) client.Dispose();
            _owned.Clear();
        }
    }

    /// <summary>A node's engine: its Docker.DotNet connection and the adapter over it.</summary>
    private sealed record NodeEngine(IDockerClient Engine, DockerClient Containers);
}
