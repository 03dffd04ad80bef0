using Docker.DotNet;
using Docker.DotNet.Models;
using HarnessBench.Core.Runtime;

namespace HarnessBench.Docker.Swarm;

/// <summary>One swarm node as doctor shows it.</summary>
/// <param name="Images">The ids of the node engine's hbench images (tagged hbench/..., or pulled by digest from a registry's hbench/... repository); null when its engine cannot be reached from here (<paramref name="ImagesProblem"/> says why).</param>
internal sealed record SwarmNode(string Id, string Hostname, string Role, bool Leader, string State, string Availability, string EngineVersion, IReadOnlyList<string>? Images, string? ImagesProblem);

/// <summary>The local engine's swarm: its state ("inactive", "active", ...), whether it manages, and the nodes (managers only).</summary>
internal sealed record SwarmState(string LocalNodeState, bool IsManager, IReadOnlyList<SwarmNode> Nodes)
{
    public bool Active => LocalNodeState == "active";
}

/// <summary>Reads the swarm for doctor and for the Swarm backend's pre-flight.</summary>
internal sealed class SwarmStatus(SwarmEngines engines)
{
    public const string NotActiveMessage =
        "The Swarm backend needs the local Docker engine to be a swarm manager, and it is not. " +
        "Fix: `docker swarm init --advertise-addr 127.0.0.1` (single node; `bash scripts/setup.sh` does it), or run with --backend local.";

    public async Task<SwarmState> GetAsync(CancellationToken cancellationToken)
    {
        SystemInfoResponse info = await engines.Manager.System.GetSystemInfoAsync(cancellationToken);
        string state = string.IsNullOrEmpty(info.Swarm?.LocalNodeState) ? "inactive" : info.Swarm.LocalNodeState;
        bool manager = state == "active" && info.Swarm!.ControlAvailable;
        if (!manager) return new SwarmState(state, false, []);
        var nodes = new List<SwarmNode>();
        foreach (NodeListResponse node in (await engines.Manager.Swarm.ListNodesAsync(cancellationToken)).OrderBy(n => n.Description?.Hostname, StringComparer.Ordinal))
        {
            (IReadOnlyList<string>? images, string? problem) = await ImagesAsync(node, cancellationToken);
            nodes.Add(new SwarmNode(node.ID, node.Description?.Hostname ?? "?", node.Spec?.Role ?? "?", node.ManagerStatus?.Leader == true,
                node.Status?.State ?? "?", node.Spec?.Availability ?? "?", node.Description?.Engine?.EngineVersion ?? "?", images, problem));
        }

        return new SwarmState(state, true, nodes);
    }

    /// <summary>Throws <see cref="ContainerRuntimeException"/> with the fix when the local engine is not a swarm manager.</summary>
    public async Task RequireManagerAsync(CancellationToken cancellationToken)
    {
        SystemInfoResponse info = await engines.Manager.System.GetSystemInfoAsync(cancellationToken);
        if (info.Swarm is not { LocalNodeState: "active", ControlAvailable: true }) throw new ContainerRuntimeException(NotActiveMessage);
    }

    private static bool IsHbench(string name) => name != "<none>:<none>" && name != "<none>@<none>"
        && SwarmRegistry.RepositoryOf(name, "sha256:000000000000").Repository.StartsWith("hbench/", StringComparison.Ordinal);

    private async Task<(IReadOnlyList<string>?, string?)> ImagesAsync(NodeListResponse node, CancellationToken ct)
    {
        if (node.Status?.State != "ready") return (null, $"node is {node.Status?.State}");
        try
        {
            IDockerClient engine = await engines.ForNodeAsync(node.ID, ct);
            var images = await engine.Images.ListImagesAsync(new ImagesListParameters(), ct);
            // A node pulls by digest: such an image has a RepoDigest and no tag, and ids are the same on every node.
            return ([.. images.Where(i => (i.RepoTags ?? []).Concat(i.RepoDigests ?? []).Any(IsHbench)).Select(i => i.ID).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)], null);
        }
        catch (Exception ex) when (ex is BackendFailureException or DockerApiException or HttpRequestException or IOException)
        {
            return (null, ex.Message);
        }
    }
}
