using System.Diagnostics;
using System.Globalization;
using HarnessBench.Cli.Hosting;
using HarnessBench.Cli.Rendering;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Results;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Tasks;
using HarnessBench.Docker.Processes;

namespace HarnessBench.Cli.Commands;

/// <summary>
/// `hbench bench sandbox`: what the sandbox costs per container and per cell, measured in one run
/// next to the baseline `docker run --rm` of the same image, so the figures are ratios that hold
/// on any machine. One discarded warm-up per scenario. Then sweep throughput (cells per minute)
/// at concurrency 1, 2 and 4 on each selected backend.
/// </summary>
internal sealed class SandboxBenchmarkCommand(
    SandboxBenchmarkOptions options,
    EngineCheck engine,
    IContainerRuntime runtime,
    IImageResolver resolver,
    HarnessRegistry harnesses,
    ContainerBackends backends,
    SwarmBackend swarm,
    ProcessLauncher processes,
    TimeProvider time) : IHostedCommand
{
    /// <summary>Issue 17's goal: a full cell with standard decoys costs at most this many bare `docker run`s.</summary>
    private const double DecoyCellGoal = 2.6;

    private static readonly int[] Concurrencies = [1, 2, 4];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var tasksDir = Path.Combine(HomeDirectory.Find(), "tasks");
        var task = TaskRepository.Load(tasksDir).Tasks.FirstOrDefault(t => t.Id == options.TaskId);
        if (task is null)
        {
            Console.Error.WriteLine($"no task '{options.TaskId}' in {tasksDir}");
            return ExitCodes.Usage;
        }

        await engine.RequireEngineAsync(cancellationToken);
        await engine.EnsureImagesAsync([task.Toolchain], Console.Out, cancellationToken);
        var selected = await UsableBackendsAsync(cancellationToken);

        var image = await resolver.ResolveAsync(ImageRequest.For(task, null), cancellationToken);
        var sweeps = new SandboxBenchmarkSweeps(backends, harnesses, time);
        var scratch = Directory.CreateTempSubdirectory("hbench-bench-");
        try
        {
            Console.WriteLine($"sandbox benchmark: image {image}, task {task.Id}, {options.Iterations} iteration(s) per scenario after 1 warm-up, " +
                $"backend(s) {string.Join(", ", selected.Select(b => b.Name()))}");
            var bare = await MeasureAsync("docker run --rm (CLI, baseline)", () => BareDockerRunAsync(image, cancellationToken));
            var rows = new List<BenchmarkRow>
            {
                bare,
                await MeasureAsync("runtime: container, no files", () => RuntimeAsync(image, scratch.FullName, null, cancellationToken)),
                await MeasureAsync("runtime: + workspace in/out", () => RuntimeAsync(image, scratch.FullName, task.WorkspaceDirectory, cancellationToken)),
            };
            var decoyCells = new List<(ExecutionBackend Backend, BenchmarkRow Row)>();
            foreach (var backend in selected)
            {
                // The no-decoy cell is the local reference of earlier figures; the swarm row is the default sweep's cell.
                var prefix = backend == ExecutionBackend.Local ? "" : $"{backend.Name()}: ";
                if (backend == ExecutionBackend.Local)
                {
                    rows.AddRange(CellRows("full nop cell (2 containers)", await sweeps.CellsAsync(backend, task, tasksDir, false, options.Iterations, cancellationToken)));
                }

                var withDecoys = CellRows($"{prefix}full nop cell, standard decoys", await sweeps.CellsAsync(backend, task, tasksDir, true, options.Iterations, cancellationToken));
                decoyCells.Add((backend, withDecoys[0]));
                rows.AddRange(withDecoys);
            }

            BenchmarkTable.Print(rows, bare, Console.Out);
            foreach (var (backend, cell) in decoyCells)
            {
                var ratio = cell.Median / bare.Median;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"goal: a full nop cell with standard decoys <= {DecoyCellGoal:F1}x a bare docker run ({backend.Name()}): {(ratio <= DecoyCellGoal ? "met" : "NOT met")} ({ratio:F2}x)"));
            }

            var throughput = new List<ThroughputRow>();
            foreach (var backend in selected)
            {
                foreach (var concurrency in Concurrencies)
                {
                    throughput.Add(await sweeps.ThroughputAsync(backend, task, tasksDir, options.ThroughputCells, concurrency, cancellationToken));
                }
            }

            Console.WriteLine();
            Console.WriteLine($"sweep throughput: {options.ThroughputCells} nop cells (standard decoys) per row through the sweep runner");
            ThroughputTable.Print(throughput, Console.Out);
            return ExitCodes.Success;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>The selected backends that can run here: swarm only when the local engine manages a swarm (else a note, not a failure).</summary>
    private async Task<IReadOnlyList<ExecutionBackend>> UsableBackendsAsync(CancellationToken cancellationToken)
    {
        if (!options.Backends.Contains(ExecutionBackend.Swarm)) return options.Backends;
        if (await SwarmPreflight.ProblemAsync(swarm, registryAddress: null, Console.Out, cancellationToken) is not { } problem) return options.Backends;
        Console.WriteLine($"note: swarm rows skipped: {problem}");
        return [.. options.Backends.Where(b => b != ExecutionBackend.Swarm)];
    }

    private static BenchmarkRow[] CellRows(string name, IReadOnlyList<CellResult> cells) =>
    [
        new(name, [.. cells.Select(c => (double)c.Timings.TotalMs)]),
        new("  of which sandbox overhead", [.. cells.Select(c => (double)c.Timings.SandboxOverheadMs)]),
    ];

    private async Task<BenchmarkRow> MeasureAsync(string name, Func<Task<double>> once)
    {
        await once();
        var samples = new List<double>();
        for (var i = 0; i < options.Iterations; i++)
        {
            samples.Add(await once());
        }

        return new BenchmarkRow(name, samples);
    }

    private async Task<double> BareDockerRunAsync(string image, CancellationToken cancellationToken)
    {
        var result = await processes.RunAsync(
            new ProcessSpec("docker", ["run", "--rm", "--network", "none", "--user", "1000:1000", image, "true"])
            { Timeout = TimeSpan.FromMinutes(1) }, cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"baseline `docker run` failed ({result.ExitCode}): {result.StandardError}");
        }

        return result.Duration.TotalMilliseconds;
    }

    private async Task<double> RuntimeAsync(string image, string scratch, string? workspace, CancellationToken cancellationToken)
    {
        var spec = SandboxSpecs.Create(image, ["true"], "bench", TimeSpan.FromMinutes(1), SandboxLimits.Default,
            Path.Combine(scratch, "out.log"), Path.Combine(scratch, "err.log")) with
        {
            CopyIn = workspace is null ? [] : [new DirectoryCopyIn(workspace, "/workspace")],
            CopyOut = workspace is null ? [] : [new DirectoryCopyOut("/workspace", Path.Combine(scratch, "ws"))],
        };
        var started = Stopwatch.GetTimestamp();
        var run = await runtime.RunAsync(spec, cancellationToken);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"benchmark container exited {run.ExitCode}");
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
