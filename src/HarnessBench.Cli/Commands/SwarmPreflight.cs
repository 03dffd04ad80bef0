using System.Diagnostics;
using HarnessBench.Cli.Hosting;
using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Swarm;

namespace HarnessBench.Cli.Commands;

/// <summary>
/// What a sweep on the Swarm backend needs before its first cell: the local engine manages an active
/// swarm, and the registry every node pulls cell images from answers. hbench's own registry is started
/// on demand (scripts/ensure-registry.sh); a configured one (bench.yaml swarm.registry) is only checked.
/// </summary>
internal static class SwarmPreflight
{
    /// <summary>Null when the sweep can start; otherwise what is wrong and how to fix it.</summary>
    public static async Task<string?> ProblemAsync(SwarmBackend swarm, string? registryAddress, TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            await swarm.Status.RequireManagerAsync(cancellationToken);
        }
        catch (ContainerRuntimeException e)
        {
            return e.Message;
        }

        SwarmRegistry registry = swarm.Registry(registryAddress);
        string address = await registry.AddressAsync(cancellationToken);
        RegistryState state = await RegistryProbe.CheckAsync(address, countImages: false, cancellationToken);
        if (state.Problem is not null && !registry.Configured)
        {
            output.WriteLine($"starting hbench's image registry at {address} (scripts/ensure-registry.sh)");
            string? failed = await StartOwnRegistryAsync(cancellationToken);
            state = failed is null ? await RegistryProbe.CheckAsync(address, countImages: false, cancellationToken) : state with { Problem = failed };
        }

        return state.Problem is null ? null
            : $"The Swarm backend pushes cell images to the registry at {address}, and it cannot be used: {state.Problem}. " +
              (registry.Configured
                  ? "Fix: start that registry, or correct bench.yaml's swarm: registry:; `./hbench doctor` shows it."
                  : "Fix: bash scripts/ensure-registry.sh (hbench's registry on this manager); `./hbench doctor` shows it.");
    }

    private static async Task<string?> StartOwnRegistryAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(HomeDirectory.Find(), "scripts", "ensure-registry.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        string stderr = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await stdout;
        return process.ExitCode == 0 ? null : $"scripts/ensure-registry.sh failed: {stderr.Trim()}";
    }
}
