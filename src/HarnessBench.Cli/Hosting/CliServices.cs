using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Runtime;
using HarnessBench.Docker;
using HarnessBench.Docker.Images;
using HarnessBench.Docker.Processes;
using HarnessBench.Docker.Reaping;
using HarnessBench.Docker.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HarnessBench.Cli.Hosting;

/// <summary>The composition root shared by every command: Docker, images, runtime, pipeline.</summary>
internal static class CliServices
{
    public static IServiceCollection AddHarnessBench(this IServiceCollection services, string runId)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => DockerClient.FromEnvironment(sp.GetRequiredService<ILogger<DockerClient>>()));
        services.AddSingleton<ProcessLauncher>();
        services.AddSingleton(sp => ImagePipeline.Create(
            HomeDirectory.Find(), sp.GetRequiredService<DockerClient>(), sp.GetRequiredService<ProcessLauncher>()));
        services.AddSingleton(_ => RuntimeOwner.ForCurrentProcess(runId));
        services.AddSingleton<OrphanReaper>();
        services.AddSingleton<IContainerRuntime, DockerContainerRuntime>(sp => new DockerContainerRuntime(
            sp.GetRequiredService<DockerClient>(),
            sp.GetRequiredService<RuntimeOwner>(),
            sp.GetRequiredService<ILogger<DockerContainerRuntime>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IImageResolver, CatalogImageResolver>();
        services.AddSingleton(_ => CliHarnessRegistry.Create());
        services.AddSingleton(sp => CellPipeline.Create(
            sp.GetRequiredService<IContainerRuntime>(),
            sp.GetRequiredService<IImageResolver>(),
            sp.GetRequiredService<HarnessRegistry>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SwarmBackend>();
        services.AddSingleton<ContainerBackends>();
        services.AddSingleton<Commands.DoctorSwarm>();
        services.AddSingleton<EngineCheck>();
        services.AddSingleton<SweepGateway>();
        return services;
    }

    public static ILoggingBuilder AddCliLogging(this ILoggingBuilder logging, bool verbose)
    {
        logging.ClearProviders();
        // Logs go to stderr so that stdout stays the command's own output (tables, JSON).
        logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(
            o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        return logging;
    }
}
