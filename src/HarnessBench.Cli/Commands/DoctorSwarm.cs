using HarnessBench.Cli.Hosting;
using HarnessBench.Core.Config;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Swarm;

namespace HarnessBench.Cli.Commands;

/// <summary>
/// doctor's Swarm section: shown when the bench file in the current folder says <c>backend: swarm</c> or
/// a swarm is active on the engine. Nodes with role, state and availability, and each node's hbench
/// images (a node without the sweep's images cannot run its cells: images move by save | load).
/// </summary>
internal sealed class DoctorSwarm(SwarmBackend swarm, HarnessRegistry harnesses)
{
    /// <summary>Adds the section to <paramref name="report"/> (nothing when swarm is neither selected nor active).</summary>
    public async Task CheckAsync(DoctorReport report, CancellationToken cancellationToken)
    {
        bool wanted = BenchWantsSwarm();
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
                ? $"{list.Count} hbench image(s)" + (reference.Except(list).Count() is var missing and > 0 ? $", {missing} of the leader's missing (jobs on those run on other nodes)" : "")
                : $"images unknown ({node.ImagesProblem})";
            var detail = $"{node.Hostname} {node.Role}{(node.Leader ? " (leader)" : "")}, {node.State}/{node.Availability}, engine {node.EngineVersion}, {images}";
            if (ready) report.Ok(detail);
            else report.Problem(detail);
        }
    }

    /// <summary>bench.yaml of the current folder selects the Swarm backend (a bench that does not load says nothing here).</summary>
    private bool BenchWantsSwarm()
    {
        if (!File.Exists("bench.yaml")) return false;
        var load = BenchLoader.Load("bench.yaml", new BenchLoadOptions(harnesses.Names));
        return load.Succeeded && load.Bench.Backend == ExecutionBackend.Swarm;
    }
}
