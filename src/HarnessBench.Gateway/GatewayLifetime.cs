using Microsoft.Extensions.Hosting;

namespace HarnessBench.Gateway;

/// <summary>
/// The gateway's host lifetime: none of its own. The default ConsoleLifetime would hook Ctrl-C and
/// SIGTERM and stop the gateway behind the sweep's back; the owner (`hbench run`) decides when it stops.
/// </summary>
internal sealed class GatewayLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
