using HarnessBench.Core.Runtime;
using Docker.DotNet.Models;
using HarnessBench.Docker;
using HarnessBench.Docker.Swarm;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarnessBench.Gateway.Tests.Swarm;

/// <summary>
/// A single-node swarm on the local engine (initialised when absent, as scripts/setup.sh does: the
/// tests need no manual step), hbench's image registry on it (scripts/ensure-registry.sh, which a sweep
/// runs on demand; idempotent) and a Swarm runtime whose objects carry this test run's labels; at the
/// end, no service or network of the run may be left.
/// </summary>
internal static class SwarmFixture
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<SwarmEngines> EnsureSwarmAsync(CancellationToken ct)
    {
        SwarmEngines engines = SwarmEngines.FromEnvironment();
        await Gate.WaitAsync(ct);
        try
        {
            SystemInfoResponse info = await engines.Manager.System.GetSystemInfoAsync(ct);
            if (info.Swarm?.LocalNodeState != "active")
            {
                await engines.Manager.Swarm.InitSwarmAsync(new SwarmInitParameters { ListenAddr = "127.0.0.1:2377", AdvertiseAddr = "127.0.0.1" }, ct);
            }

            await EnsureRegistryAsync(ct);
        }
        finally
        {
            Gate.Release();
        }

        return engines;
    }

    private static async Task EnsureRegistryAsync(CancellationToken ct)
    {
        var start = new System.Diagnostics.ProcessStartInfo("bash", [Path.Combine(RepoRoot.Find(), "scripts", "ensure-registry.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(ct);
        string stderr = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0) throw new InvalidOperationException($"scripts/ensure-registry.sh failed: {await stdout}{stderr}");
    }

    public static SwarmContainerRuntime Runtime(SwarmEngines engines, RuntimeOwner owner) =>
        new(engines, owner, NullLogger<SwarmContainerRuntime>.Instance);

    /// <summary>
    /// Names of the run's services and networks still present after up to 15 s (should be none): the
    /// manager deletes an overlay network at once, the node's copy of it goes a moment later.
    /// </summary>
    public static async Task<IReadOnlyList<string>> LeftoversAsync(SwarmEngines engines, RuntimeOwner owner, CancellationToken ct)
    {
        for (int attempt = 0; ; attempt++)
        {
            IReadOnlyList<string> left = await ListAsync(engines, owner, ct);
            if (left.Count == 0 || attempt == 60) return left;
            await Task.Delay(250, ct);
        }
    }

    private static async Task<IReadOnlyList<string>> ListAsync(SwarmEngines engines, RuntimeOwner owner, CancellationToken ct)
    {
        var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{ManagedLabels.Run}={owner.RunId}"] = true } };
        var services = await engines.Manager.Swarm.ListServicesAsync(new ServiceListParameters { Filters = filter }, ct);
        var networks = await engines.Manager.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, ct);
        return [.. services.Select(s => "service " + s.Spec?.Name), .. networks.Select(n => "network " + n.Name)];
    }
}
