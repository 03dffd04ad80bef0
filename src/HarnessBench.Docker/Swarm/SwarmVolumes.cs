using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;

namespace HarnessBench.Docker.Swarm;

/// <summary>
/// Volumes of a swarm service exist per node (each node's engine creates its own on first use) and
/// outlive the service: they are removed on every node whose engine hbench can reach (after the service,
/// and by the reaper for a dead process's).
/// </summary>
internal static class SwarmVolumes
{
    public static async Task RemoveEverywhereAsync(SwarmEngines engines, string volume, ILogger logger, CancellationToken ct)
    {
        IEnumerable<NodeListResponse> nodes;
        try
        {
            nodes = await engines.Manager.Swarm.ListNodesAsync(ct);
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            Log.SwarmRemoveFailed(logger, ex, "-", "volume", volume);
            return;
        }

        foreach (NodeListResponse node in nodes.Where(n => n.Status?.State == "ready"))
        {
            try
            {
                IDockerClient engine = await engines.ForNodeAsync(node.ID, ct);
                await RemoveAsync(engine, volume, ct);
            }
            catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException or OperationCanceledException or Core.Runtime.BackendFailureException)
            {
                Log.SwarmRemoveFailed(logger, ex, "-", "volume", $"{volume} on {node.Description?.Hostname ?? node.ID}");
            }
        }
    }

    /// <summary>Removes, on every reachable node, the hbench volumes whose labels <paramref name="shouldReap"/> picks (a dead process's relay volumes).</summary>
    public static async Task ReapAsync(SwarmEngines engines, Func<IReadOnlyDictionary<string, string>, bool> shouldReap, ILogger logger, CancellationToken ct)
    {
        var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{Core.Runtime.ManagedLabels.Managed}=true"] = true } };
        foreach (NodeListResponse node in (await engines.Manager.Swarm.ListNodesAsync(ct)).Where(n => n.Status?.State == "ready"))
        {
            try
            {
                IDockerClient engine = await engines.ForNodeAsync(node.ID, ct);
                VolumesListResponse volumes = await engine.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, ct);
                foreach (VolumeResponse volume in volumes.Volumes ?? [])
                {
                    var labels = new Dictionary<string, string>(volume.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
                    if (!shouldReap(labels)) continue;
                    await RemoveAsync(engine, volume.Name, ct);
                    Log.SwarmOrphanRemoved(logger, "volume", $"{volume.Name} on {node.Description?.Hostname ?? node.ID}", labels.GetValueOrDefault(Core.Runtime.ManagedLabels.Run) ?? "", labels.GetValueOrDefault(Core.Runtime.ManagedLabels.Owner) ?? "");
                }
            }
            catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException or Core.Runtime.BackendFailureException)
            {
                Log.SwarmOrphanRemoveFailed(logger, ex, "volumes", node.Description?.Hostname ?? node.ID);
            }
        }
    }

    private static async Task RemoveRelayContainersAsync(IDockerClient engine, string volume, CancellationToken ct)
    {
        var filters = new Dictionary<string, IDictionary<string, bool>>
        {
            ["volume"] = new Dictionary<string, bool> { [volume] = true },
            ["label"] = new Dictionary<string, bool> { [$"{SwarmGatewayRelay.RoleLabel}={SwarmGatewayRelay.Role}"] = true },
        };
        foreach (ContainerListResponse container in await engine.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filters }, ct))
        {
            try
            {
                await engine.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, ct);
            }
            catch (DockerApiException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
            {
                // Gone already, or being removed by the swarm agent.
            }
        }
    }

    private static async Task RemoveAsync(IDockerClient engine, string volume, CancellationToken ct)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                await engine.Volumes.RemoveAsync(volume, force: false, ct);
                return;
            }
            catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                return; // never used on that node
            }
            catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict && attempt < 100)
            {
                // "volume is in use" until the removed service's task container is gone from the node, which
                // the swarm agent does only later: remove the relay's own containers (labelled) now.
                if (attempt == 0) await RemoveRelayContainersAsync(engine, volume, ct);
                await Task.Delay(200, ct);
            }
        }
    }
}
