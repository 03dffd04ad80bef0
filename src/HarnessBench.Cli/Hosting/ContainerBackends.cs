using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace HarnessBench.Cli.Hosting;

/// <summary>
/// Picks the <see cref="IContainerRuntime"/> of an <see cref="ExecutionBackend"/> for a sweep. The local
/// runtime is the registered one (every other command uses it); the Swarm runtime is composed only when
/// a sweep asks for it, so that commands on a machine without a swarm never touch Swarm.
/// </summary>
internal sealed class ContainerBackends(IServiceProvider services)
{
    /// <param name="registry">The Swarm backend's registry (bench.yaml swarm.registry); null = hbench's own.</param>
    public IContainerRuntime Runtime(ExecutionBackend backend, string? registry = null) => backend switch
    {
        ExecutionBackend.Swarm => services.GetRequiredService<SwarmBackend>().Runtime(registry),
        _ => services.GetRequiredService<IContainerRuntime>(),
    };

    /// <summary>The production pipeline on <paramref name="backend"/>'s runtime.</summary>
    public CellPipeline Pipeline(ExecutionBackend backend, string? registry = null) => backend == ExecutionBackend.Local
        ? services.GetRequiredService<CellPipeline>()
        : CellPipeline.Create(Runtime(backend, registry), services.GetRequiredService<IImageResolver>(),
            services.GetRequiredService<HarnessRegistry>(), services.GetRequiredService<TimeProvider>());
}
