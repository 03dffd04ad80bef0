using System.Collections.Concurrent;
using HarnessBench.Docker;
using HarnessBench.Docker.Swarm;
using Microsoft.Extensions.Logging;

namespace HarnessBench.Cli.Hosting;

/// <summary>
/// The Swarm backend's parts, composed on first use (only sweeps with <c>backend: swarm</c>, doctor and
/// the reaper when a swarm is active touch Swarm): the engines, the runtime per registry, the reaper,
/// the status.
/// </summary>
internal sealed class SwarmBackend(RuntimeOwner owner, ILoggerFactory loggers, TimeProvider time) : IDisposable
{
    private readonly Lazy<SwarmEngines> _engines = new(SwarmEngines.FromEnvironment);
    private readonly ConcurrentDictionary<string, SwarmContainerRuntime> _runtimes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SwarmRegistry> _registries = new(StringComparer.Ordinal);

    /// <summary>The runtime whose images go through <paramref name="registry"/> (bench.yaml swarm.registry; null = hbench's own).</summary>
    public SwarmContainerRuntime Runtime(string? registry = null) => _runtimes.GetOrAdd(registry ?? "", _ =>
        new SwarmContainerRuntime(_engines.Value, owner, loggers.CreateLogger<SwarmContainerRuntime>(), time, registry: Registry(registry)));

    /// <summary>The registry cell images go through: the configured one, else hbench's own on the manager.</summary>
    public SwarmRegistry Registry(string? address = null) => _registries.GetOrAdd(address ?? "", _ =>
        new SwarmRegistry(_engines.Value, address, loggers.CreateLogger<SwarmRegistry>(), time));

    /// <summary>The swarm manager's advertise address: every node reaches it (the gateway's TCP listener goes there).</summary>
    public async Task<System.Net.IPAddress> AdvertiseAddressAsync(CancellationToken cancellationToken)
    {
        var info = await _engines.Value.Manager.System.GetSystemInfoAsync(cancellationToken);
        return System.Net.IPAddress.TryParse(info.Swarm?.NodeAddr, out var address) ? address : System.Net.IPAddress.Loopback;
    }

    public SwarmReaper Reaper => new(_engines.Value, loggers.CreateLogger<SwarmReaper>());

    public SwarmStatus Status => new(_engines.Value);

    public void Dispose()
    {
        if (_engines.IsValueCreated) _engines.Value.Dispose();
    }
}
