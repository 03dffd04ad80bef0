using System.Net;
using Docker.DotNet.Models;
using ContainerSpec = HarnessBench.Core.Runtime.ContainerSpec;

namespace HarnessBench.Docker.Swarm;

internal sealed partial class SwarmContainerRuntime
{
    private SwarmGatewayRelay? _relay;

    /// <summary>
    /// Starts the per-node gateway relay (<see cref="SwarmGatewayRelay"/>) for the gateway whose socket
    /// directory is <paramref name="socketDirectory"/> and whose TCP listener is <paramref name="gateway"/>;
    /// from now on a spec mount of that directory is the node-local relay volume. Dispose to remove it.
    /// </summary>
    public async Task<IAsyncDisposable> AttachGatewayAsync(string socketDirectory, string socketFileName, IPEndPoint gateway, CancellationToken ct)
    {
        SwarmGatewayRelay relay = await SwarmGatewayRelay.StartAsync(engines, _registry, owner, socketDirectory, socketFileName, gateway, logger, ct);
        _relay = relay;
        return new Detach(this, relay);
    }

    /// <summary>The spec without the gateway's socket directory mount, and the relay volume mounted in its place (when a relay is attached).</summary>
    private (ContainerSpec Spec, IReadOnlyList<Mount> Volumes, SwarmGatewayRelay? Relay) MapGatewayMount(ContainerSpec spec)
    {
        SwarmGatewayRelay? relay = _relay;
        if (relay is null || spec.Mounts.FirstOrDefault(m => PathsEqual(m.HostPath, relay.SocketDirectory)) is not { } gatewayMount) return (spec, [], null);
        return (spec with { Mounts = [.. spec.Mounts.Where(m => m != gatewayMount)] }, [relay.MountAt(gatewayMount.ContainerPath)], relay);
    }

    private static bool PathsEqual(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);

    private sealed class Detach(SwarmContainerRuntime runtime, SwarmGatewayRelay relay) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            Interlocked.CompareExchange(ref runtime._relay, null, relay);
            await relay.DisposeAsync();
        }
    }
}
