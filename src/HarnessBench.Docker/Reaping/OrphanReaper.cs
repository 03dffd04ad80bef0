using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Processes;
using Microsoft.Extensions.Logging;

namespace HarnessBench.Docker.Reaping;

/// <summary>What one reaper pass removed.</summary>
internal sealed record ReapResult(IReadOnlyList<string> RemovedContainers, IReadOnlyList<string> RemovedNetworks);

/// <summary>
/// Removes managed containers and networks left behind by dead owners: run at start. Only objects
/// labelled <see cref="ManagedLabels.Managed"/>=true are considered; those owned by a live process are
/// never touched. Containers go first, so that their networks can be removed.
/// </summary>
internal sealed class OrphanReaper(DockerClient client, ILogger<OrphanReaper> logger)
{
    /// <param name="deadRunId">A run the caller knows is dead: its objects go too (unless a live process on this host owns them).</param>
    public async Task<ReapResult> ReapAsync(string? deadRunId, CancellationToken cancellationToken)
    {
        var containers = new List<string>();
        foreach (ContainerSummary container in await client.ListContainersAsync(ManagedLabels.ManagedFilter, cancellationToken))
        {
            if (!ShouldReap(container.Labels, deadRunId, IsAlive))
            {
                continue;
            }

            try
            {
                await client.RemoveContainerAsync(container.Id, force: true, removeVolumes: true, cancellationToken);
                containers.Add(container.Id);
                Log.OrphanContainerRemoved(logger, container.Id, Label(container.Labels, ManagedLabels.Run), Label(container.Labels, ManagedLabels.Owner));
            }
            catch (DockerException ex) when (!ex.EngineUnreachable)
            {
                Log.OrphanRemoveFailed(logger, ex, "container", container.Id);
            }
        }

        var networks = new List<string>();
        foreach (NetworkSummary network in await client.ListNetworksAsync(ManagedLabels.ManagedFilter, cancellationToken))
        {
            if (!ShouldReap(network.Labels, deadRunId, IsAlive))
            {
                continue;
            }

            try
            {
                await client.RemoveNetworkAsync(network.Id, cancellationToken);
                networks.Add(network.Id);
                Log.OrphanNetworkRemoved(logger, network.Id, Label(network.Labels, ManagedLabels.Run), Label(network.Labels, ManagedLabels.Owner));
            }
            catch (DockerException ex) when (!ex.EngineUnreachable)
            {
                Log.OrphanRemoveFailed(logger, ex, "network", network.Id);
            }
        }

        return new ReapResult(containers, networks);
    }

    /// <summary>
    /// The reaping rule. Managed objects only. Owned by a live process on this host: never.
    /// Of the given dead run: yes. Owned by a dead process on this host: yes. Otherwise (another
    /// host, or no parsable owner): no, since liveness cannot be decided here.
    /// </summary>
    internal static bool ShouldReap(IReadOnlyDictionary<string, string> labels, string? deadRunId, Func<ProcessIdentity, bool> isAlive)
    {
        if (Label(labels, ManagedLabels.Managed) != "true")
        {
            return false;
        }

        ProcessIdentity? owner = ProcessIdentity.TryParse(Label(labels, ManagedLabels.Owner));
        bool onThisHost = owner is not null && string.Equals(owner.HostName, Environment.MachineName, StringComparison.Ordinal);
        if (onThisHost && isAlive(owner!))
        {
            return false;
        }

        if (deadRunId is not null && Label(labels, ManagedLabels.Run) == deadRunId)
        {
            return true;
        }

        return onThisHost;
    }

    private static bool IsAlive(ProcessIdentity owner) => owner.IsAliveOnThisHost();

    private static string Label(IReadOnlyDictionary<string, string> labels, string name) => labels.GetValueOrDefault(name) ?? "";
}
