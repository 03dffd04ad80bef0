using System.Net;
using HarnessBench.Core.Config;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Planning;
using HarnessBench.Gateway;
using HarnessBench.Gateway.Sessions;
using Microsoft.Extensions.Logging;

namespace HarnessBench.Cli.Hosting;

/// <summary>
/// Starts the model gateway for a sweep that has model cells: a unix socket in a per-process
/// directory under <see cref="GatewayDirectory"/>, and the pipeline that opens a session per cell. On
/// the Swarm backend also a TCP listener on the manager's advertise address and the per-node relays
/// that forward to it (cells on any node mount their node's relay socket instead of this directory).
/// </summary>
internal sealed class SweepGateway(ILoggerFactory loggers, TimeProvider time, SwarmBackend swarm)
{
    /// <summary>The pipeline to run the plan with, and the gateway to dispose after the sweep (null when no cell has a model).</summary>
    public async Task<(CellPipeline Pipeline, IAsyncDisposable? Gateway)> AttachAsync(CellPipeline pipeline, Plan plan, Bench bench, CancellationToken cancellationToken)
    {
        if (plan.Cells.All(c => c.Model.Kind == ModelKinds.None))
        {
            return (pipeline, null);
        }

        RemoveDeadProcessesDirectories();
        // Short on purpose: unix socket paths must stay under 108 bytes.
        string directory = Path.Combine(GatewayDirectory.Path, $"s{Environment.ProcessId}");
        string benchDirectory = Path.GetDirectoryName(Path.GetFullPath(bench.SourceFile))!;
        if (bench.Backend != ExecutionBackend.Swarm)
        {
            var gateway = await ModelGateway.StartAsync(new GatewayOptions(directory), loggers, time, cancellationToken);
            return (pipeline.WithModels(new GatewayModelAccess(gateway, benchDirectory)), gateway);
        }

        IPAddress advertised = await swarm.AdvertiseAddressAsync(cancellationToken);
        var swarmGateway = await ModelGateway.StartAsync(new GatewayOptions(directory, TcpPort: 0) { TcpAddress = advertised }, loggers, time, cancellationToken);
        try
        {
            var relay = await swarm.Runtime(bench.SwarmRegistry).AttachGatewayAsync(directory, GatewayOptions.SocketFileName,
                new IPEndPoint(advertised, swarmGateway.TcpBaseUri!.Port), cancellationToken);
            return (pipeline.WithModels(new GatewayModelAccess(swarmGateway, benchDirectory)), new Stack(relay, swarmGateway));
        }
        catch
        {
            await swarmGateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>The relays go first: they forward to the gateway.</summary>
    private sealed class Stack(IAsyncDisposable relay, IAsyncDisposable gateway) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await relay.DisposeAsync();
            await gateway.DisposeAsync();
        }
    }

    /// <summary>Socket directories of hbench processes that died without cleaning up (kill -9, forced stop).</summary>
    private static void RemoveDeadProcessesDirectories()
    {
        if (!Directory.Exists(GatewayDirectory.Path))
        {
            return;
        }

        foreach (string dir in Directory.EnumerateDirectories(GatewayDirectory.Path, "s*"))
        {
            if (int.TryParse(Path.GetFileName(dir)[1..], out int pid) && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}"))
            {
                try
                {
                    Directory.Delete(dir, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // another process is cleaning up too, or it is not ours to remove
                }
            }
        }
    }
}
