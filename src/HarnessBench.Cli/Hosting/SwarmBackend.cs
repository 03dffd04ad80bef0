using HarnessBench.Docker;
using HarnessBench.Docker.Swarm;
using Microsoft.Extensions.Logging;

namespace HarnessBench.Cli.Hosting;

/// <summary>
/// The Swarm backend's parts, composed on first use (only sweeps with <c>backend: swarm</c>, doctor and
/// the reaper when a swarm is active touch Swarm): the engines, the runtime, the reaper, the status.
/// </summary>
internal sealed class SwarmBackend(RuntimeOwner owner, ILoggerFactory loggers, TimeProvider time) : IDisposable
{
    private readonly Lazy<SwarmEngines> _engines = new(SwarmEngines.FromEnvironment);

    public SwarmContainerRuntime Runtime => field ??= new SwarmContainerRuntime(_engines.Value, owner, loggers.CreateLogger<SwarmContainerRuntime>(), time);

    public SwarmReaper Reaper => new(_engines.Value, loggers.CreateLogger<SwarmReaper>());

    public SwarmStatus Status => new(_engines.Value);

    public void Dispose()
    {
        if (_engines.IsValueCreated) _engines.Value.Dispose();
    }
}
