using System.Diagnostics;
using HarnessBench.Cli.Hosting;
using HarnessBench.Cli.Rendering;
using HarnessBench.Core.Audit.Decoys;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Sweep;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Cli.Commands;

/// <summary>
/// The sandbox benchmark's sweeps: synthetic `nop` benches through the real <see cref="SweepRunner"/> and
/// the production pipeline of a backend, so that a "cell" here costs exactly what a sweep's cell costs.
/// </summary>
internal sealed class SandboxBenchmarkSweeps(ContainerBackends backends, HarnessRegistry harnesses, TimeProvider time)
{
    /// <summary>
    /// <paramref name="iterations"/> timed cells one at a time after one warm-up cell. With
    /// <paramref name="decoys"/> the cells get bench.yaml's default <c>audit.decoys: standard</c>, as the
    /// default sweep's cells do (staged decoy folders copied in, a canary per cell, the canary scan).
    /// </summary>
    public async Task<IReadOnlyList<CellResult>> CellsAsync(ExecutionBackend backend, TaskDefinition task, string tasksDir, bool decoys,
        int iterations, CancellationToken cancellationToken)
    {
        var (results, _) = await SweepAsync(backend, task, tasksDir, decoys, iterations + 1, 1, cancellationToken);
        // Repeat 1 is the warm-up.
        return [.. results.Where(r => r.Repeat > 1)];
    }

    /// <summary>
    /// Wall time of <paramref name="cells"/> cells (standard decoys, as a default sweep) at <paramref name="concurrency"/>.
    /// No warm-up of its own: it runs after the cell scenarios of the same backend, which warmed the image and the engine.
    /// </summary>
    public async Task<ThroughputRow> ThroughputAsync(ExecutionBackend backend, TaskDefinition task, string tasksDir, int cells, int concurrency,
        CancellationToken cancellationToken)
    {
        var (_, wall) = await SweepAsync(backend, task, tasksDir, decoys: true, cells, concurrency, cancellationToken);
        return new ThroughputRow(backend.Name(), concurrency, cells, wall);
    }

    private async Task<(IReadOnlyList<CellResult> Results, TimeSpan Wall)> SweepAsync(ExecutionBackend backend, TaskDefinition task, string tasksDir,
        bool decoys, int repeats, int concurrency, CancellationToken cancellationToken)
    {
        var bench = SyntheticBench.Create("bench", tasksDir, [task], ["nop"], repeats, concurrency, time) with
        {
            Audit = decoys ? AuditSettings.Default : AuditSettings.None,
            Backend = backend,
        };
        using var store = JsonlResultStore.Open(bench.RunDirectory);
        var started = Stopwatch.GetTimestamp();
        var summary = await new SweepRunner(backends.Pipeline(backend), store, new NoopModelLifecycle(), NullSweepObserver.Instance, time)
            .RunAsync(Planner.Expand(bench, harnesses), RunContext.For(bench, time), new SweepOptions { Concurrency = concurrency }, cancellationToken);
        var wall = Stopwatch.GetElapsedTime(started);
        // An errored cell skips stages and would flatter the figures: refuse to print them.
        if (summary.Status != SweepStatus.Completed || summary.ErrorCount > 0)
        {
            throw new InvalidOperationException($"benchmark sweep on {backend.Name()} did not complete cleanly ({summary.Status}, " +
                $"{summary.ErrorCount} error(s)): see {bench.RunDirectory}");
        }

        return ([.. (await store.LoadAsync(cancellationToken)).Latest.Values], wall);
    }
}
