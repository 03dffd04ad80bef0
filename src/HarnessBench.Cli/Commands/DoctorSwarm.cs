using HarnessBench.Cli.Hosting;
using HarnessBench.Core.Config;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Swarm;

namespace HarnessBench.Cli.Commands;

/// <summary>
/// doctor's Swarm section: shown when the bench file in the current folder says <c>backend: swarm</c> or
/// a swarm is active on the engine. Nodes with role, state and availability, and each node's hbench
/// images (a cache: a node pulls a cell's image from the registry by digest when the cell runs there);
/// then the registry: its address, whether it answers here, and how many hbench images it holds.
/// </summary>
internal sealed class DoctorSwarm(SwarmBackend swarm, HarnessRegistry harnesses)
{
    /// <summary>Adds the section to <paramref name="report"/> (nothing when swarm is neither selected nor active).</summary>
    public async Task CheckAsync(DoctorReport report, CancellationToken cancellationToken)
    {
        Bench? bench = LoadBench();
        bool wanted = bench?.Backend == ExecutionBackend.Swarm;
        SwarmState state;
        try
        {
            state = await swarm.Status.GetAsync(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or global::Docker.DotNet.DockerApiException)
        {
            if (!wanted) return;
            report.Section("Swarm (bench.yaml: backend: swarm)");
            report.Problem($"the engine's swarm state could not be read: {e.Message}");
            return;
        }

        if (!wanted && !state.Active) return;
        report.Section(wanted ? "Swarm (bench.yaml: backend: swarm)" : "Swarm (active on this engine; `./hbench run --backend swarm` uses it)");
        if (!state.IsManager)
        {
            const string fix = "bash scripts/ensure-swarm.sh   (a single-node swarm advertised on docker0, so a worker container can join)";
            var detail = $"this engine is not a swarm manager (state {state.LocalNodeState})";
            if (wanted) report.Problem(detail, fix);
            else report.Note(detail, fix);
            return;
        }

        HashSet<string> reference = [.. state.Nodes.FirstOrDefault(n => n.Leader)?.Images ?? []];
        foreach (SwarmNode node in state.Nodes)
        {
            bool ready = node.State == "ready" && node.Availability == "active";
            string images = node.Images is { } list
                ? $"{list.Count} hbench image(s)" + (reference.Except(list).Count() is var missing and > 0 ? $", {missing} of the leader's not pulled yet" : "")
                : $"images unknown ({node.ImagesProblem})";
            var detail = $"{node.Hostname} {node.Role}{(node.Leader ? " (leader)" : "")}, {node.State}/{node.Availability}, engine {node.EngineVersion}, {images}";
            if (ready) report.Ok(detail);
            else report.Problem(detail);
        }

        await CheckRegistryAsync(report, bench?.SwarmRegistry, wanted, cancellationToken);
    }

    /// <summary>The registry every node pulls cell images from (a sweep starts hbench's own on demand, so that one missing is a note).</summary>
    private async Task CheckRegistryAsync(DoctorReport report, string? configured, bool wanted, CancellationToken cancellationToken)
    {
        SwarmRegistry registry = swarm.Registry(configured);
        string address = await registry.AddressAsync(cancellationToken);
        RegistryState state = await RegistryProbe.CheckAsync(address, countImages: true, cancellationToken);
        string which = configured is null ? "hbench's own" : "bench.yaml swarm.registry";
        if (state.Problem is null)
        {
            report.Ok($"registry {address} ({which}): reachable, {state.HbenchImages} hbench image(s)");
            return;
        }

        var detail = $"registry {address} ({which}): {state.Problem}";
        string fix = configured is null ? "bash scripts/ensure-registry.sh   (also started by `./hbench run --backend swarm`)" : "start that registry, or correct bench.yaml's swarm: registry:";
        if (wanted && configured is not null) report.Problem(detail, fix);
        else report.Note(detail, fix);
    }

    /// <summary>bench.yaml of the current folder, when it loads (one that does not says nothing here).</summary>
    private Bench? LoadBench()
    {
        if (!File.Exists("bench.yaml")) return null;
        var load = BenchLoader.Load("bench.yaml", new BenchLoadOptions(harnesses.Names));
        return load.Succeeded ? load.Bench : null;
    }
}
