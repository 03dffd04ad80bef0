using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace HarnessBench.Docker.Swarm;

/// <summary>
/// Keeps a job off the nodes that lack its image. There is no registry: each node has the images that
/// were loaded into it (scripts/swarm-worker.sh), and images built during a sweep (a task's combined
/// toolchains, on first use) exist on the manager only. A task placed on a node without its image is
/// rejected ("No such image") and would be a backend-error, so such nodes get a <c>node.id!=</c>
/// constraint instead and the scheduler places the job elsewhere (the manager always has the image:
/// its engine resolved it before the job was created).
/// </summary>
internal sealed class SwarmPlacement(SwarmEngines engines)
{
    // Only positive answers are kept: an image loaded into a node mid-sweep is used from then on.
    private readonly ConcurrentDictionary<(string Node, string Image), bool> _present = new();

    /// <summary>Constraints excluding every reachable node whose engine does not hold <paramref name="imageId"/> under <paramref name="image"/>.</summary>
    public async Task<IReadOnlyList<string>> ConstraintsAsync(string image, string imageId, CancellationToken ct)
    {
        IEnumerable<NodeListResponse> nodes = await engines.Manager.Swarm.ListNodesAsync(ct);
        string? local = await engines.LocalNodeIdAsync(ct);
        var excluded = new List<string>();
        foreach (NodeListResponse node in nodes)
        {
            // A node that does not say where its engine is stays eligible: placing a job there gives the
            // backend-error that tells the operator to label it (SwarmEngines.ForNodeAsync).
            if (node.ID == local || SwarmEngines.Endpoint(node) is null) continue;
            if (!await HasAsync(node.ID, image, imageId, ct)) excluded.Add($"node.id!={node.ID}");
        }

        return excluded;
    }

    private async Task<bool> HasAsync(string nodeId, string image, string imageId, CancellationToken ct)
    {
        if (_present.ContainsKey((nodeId, imageId))) return true;
        try
        {
            IDockerClient engine = await engines.ForNodeAsync(nodeId, ct);
            ImageInspectResponse found = await engine.Images.InspectImageAsync(image, ct);
            // Same tag, other content (a stale load) would run something else than the manager resolved.
            if (found.ID != imageId) return false;
            _present[(nodeId, imageId)] = true;
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or System.Net.Sockets.SocketException or DockerApiException)
        {
            return false; // its engine does not answer: nothing could be copied in or out there either
        }
    }
}
