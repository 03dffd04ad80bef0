using System.CommandLine;
using HarnessBench.Core.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace HarnessBench.Cli.Commands;

/// <summary>What `hbench bench sandbox` measures.</summary>
/// <param name="Backends">Where the full-cell and throughput scenarios run (the baseline always runs on the local engine).</param>
/// <param name="ThroughputCells">Cells per concurrency level of the throughput table.</param>
internal sealed record SandboxBenchmarkOptions(string TaskId, int Iterations, IReadOnlyList<ExecutionBackend> Backends, int ThroughputCells);

/// <summary>The command line of `hbench bench sandbox`.</summary>
internal static class SandboxBenchmarkCommandLine
{
    public static Command Create(Option<bool> verbose)
    {
        var task = new Option<string>("--task") { Description = "Task whose image and workspace are used.", DefaultValueFactory = _ => "py-word-freq" };
        var iterations = new Option<int>("--iterations", "-n") { Description = "Timed iterations per scenario.", DefaultValueFactory = _ => 10 };
        var backend = new Option<string>("--backend")
        {
            Description = "Where full cells and the throughput sweeps run: local, swarm or both (swarm rows need the local engine to manage a swarm).",
            DefaultValueFactory = _ => "local",
        };
        backend.AcceptOnlyFromAmong("local", "swarm", "both");
        var throughput = new Option<int>("--throughput-cells") { Description = "nop cells per concurrency level (1, 2, 4) in the throughput table.", DefaultValueFactory = _ => 8 };
        var sandbox = new Command("sandbox", "Measure per-container and per-cell sandbox cost against a bare `docker run --rm` of the same image, and sweep throughput.")
        {
            task, iterations, backend, throughput,
        };
        sandbox.SetAction((parse, _) =>
        {
            IReadOnlyList<ExecutionBackend> backends = parse.GetValue(backend) switch
            {
                "swarm" => [ExecutionBackend.Swarm],
                "both" => [ExecutionBackend.Local, ExecutionBackend.Swarm],
                _ => [ExecutionBackend.Local],
            };
            var options = new SandboxBenchmarkOptions(parse.GetValue(task)!, Math.Max(1, parse.GetValue(iterations)), backends, Math.Max(1, parse.GetValue(throughput)));
            return Hosting.CommandHost.RunAsync<SandboxBenchmarkCommand>("bench", parse.GetValue(verbose), s => s.AddSingleton(options));
        });
        return sandbox;
    }
}
