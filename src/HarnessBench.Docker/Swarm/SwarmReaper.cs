using HarnessBench.Core.Runtime;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using HarnessBench.Docker.Reaping;
using Microsoft.Extensions.Logging;

namespace HarnessBench.Docker.Swarm;

/// <summary>
/// Removes Swarm services, the gateway relay's volumes and networks left behind by dead owners (Ctrl-C
/// twice, kill -9), by the same rule as <see cref="OrphanReaper"/> and with the same labels; services
/// first, so that their tasks' containers leave the volumes and the networks. Run at start when a swarm is active.
/// </summary>
internal sealed class SwarmReaper(SwarmEngines engines, ILogger<SwarmReaper> logger)
{
    public async Task<ReapResult> ReapAsync(string? deadRunId, CancellationToken cancellationToken)
    {
        if (await engines.LocalNodeIdAsync(cancellationToken) is null) return new ReapResult([], []);
        IDockerClient manager = engines.Manager;
        var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{ManagedLabels.Managed}=true"] = true } };
        var services = new List<string>();
        foreach (SwarmService service in await manager.Swarm.ListServicesAsync(new ServiceListParameters { Filters = filter }, cancellationToken))
        {
            var labels = Labels(service.Spec?.Labels);
            if (!OrphanReaper.ShouldReap(labels, deadRunId, o => o.IsAliveOnThisHost())) continue;
            if (await TryAsync("service", service.ID, labels, t => manager.Swarm.RemoveServiceAsync(service.ID, t), cancellationToken)) services.Add(service.ID);
        }

        // The gateway relay's per-node volumes (its service went above): each node's engine holds its own.
        await SwarmVolumes.ReapAsync(engines, labels => OrphanReaper.ShouldReap(labels, deadRunId, o => o.IsAliveOnThisHost()), logger, cancellationToken);

        var networks = new List<string>();
        foreach (NetworkResponse network in await manager.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, cancellationToken))
        {
            var labels = Labels(network.Labels);
            if (network.Driver != "overlay" || !OrphanReaper.ShouldReap(labels, deadRunId, o => o.IsAliveOnThisHost())) continue;
            // The removed services' containers leave the network a moment later.
            for (int attempt = 0; attempt < 25; attempt++)
            {
                if (await TryAsync("network", network.ID, labels, t => manager.Networks.DeleteNetworkAsync(network.ID, t), cancellationToken, quiet: attempt < 24))
                {
                    networks.Add(network.ID);
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }

        return new ReapResult(services, networks);
    }

    private async Task<bool> TryAsync(string kind, string id, IReadOnlyDictionary<string, string> labels, Func<CancellationToken, Task> remove, CancellationToken ct, bool quiet = false)
    {
        try
        {
            await remove(ct);
            Log.SwarmOrphanRemoved(logger, kind, id, labels.GetValueOrDefault(ManagedLabels.Run) ?? "", labels.GetValueOrDefault(ManagedLabels.Owner) ?? "");
            return true;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return true;
        }
        catch (DockerApiException ex)
        {
            if (!quiet) Log.SwarmOrphanRemoveFailed(logger, ex, kind, id);
            return false;
        }
    }

    private static Dictionary<string, string> Labels(IDictionary<string, string>? labels) =>
        labels is null ? new(StringComparer.Ordinal) : new(labels, StringComparer.Ordinal);
}
