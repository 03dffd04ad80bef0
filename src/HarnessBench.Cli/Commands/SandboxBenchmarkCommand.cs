using System.Diagnostics;
using HarnessBench.Cli.Hosting;
using HarnessBench.Cli.Rendering;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Sweep;
using HarnessBench.Core.Tasks;
using HarnessBench.Docker.Processes;

namespace HarnessBench.Cli.Commands;

/// <summary>What `hbench bench sandbox` measures.</summary>
internal sealed record SandboxBenchmarkOptions(string TaskId, int Iterations);

/// <summary>
/// `hbench bench sandbox`: what the sandbox costs per container and per cell, measured in one run
/// next to the baseline `docker run --rm` of the same image, so the figures are ratios that hold
/// on any machine. One discarded warm-up per scenario.
/// </summary>
internal sealed class SandboxBenchmarkCommand(
    SandboxBenchmarkOptions options,
    EngineCheck engine,
    IContainerRuntime runtime,
    IImageResolver resolver,
    HarnessRegistry harnesses,
    ProcessLauncher processes,
    TimeProvider time) : IHostedCommand
{
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

        var image = await resolver.ResolveAsync(ImageRequest.For(task, null), cancellationToken);
        var scratch = Directory.CreateTempSubdirectory("hbench-bench-");
        try
        {
            Console.WriteLine($"sandbox benchmark: image {image}, task {task.Id}, {options.Iterations} iteration(s) per scenario after 1 warm-up");
            var bare = await MeasureAsync("docker run --rm (CLI, baseline)", () => BareDockerRunAsync(image, cancellationToken));
            var empty = await MeasureAsync("runtime: container, no files", () => RuntimeAsync(image, scratch.FullName, null, cancellationToken));
            var withFiles = await MeasureAsync("runtime: + workspace in/out", () => RuntimeAsync(image, scratch.FullName, task.WorkspaceDirectory, cancellationToken));
            var cells = await CellsAsync(task, tasksDir, cancellationToken);
            var rows = new List<BenchmarkRow>
            {
                bare, empty, withFiles,
                new("full nop cell (2 containers)", [.. cells.Select(c => (double)c.Timings.TotalMs)]),
                new("  of which sandbox overhead", [.. cells.Select(c => (double)c.Timings.SandboxOverheadMs)]),
            };
            BenchmarkTable.Print(rows, bare, Console.Out);
            return ExitCodes.Success;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

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

    private async Task<IReadOnlyList<CellResult>> CellsAsync(TaskDefinition task, string tasksDir, CancellationToken cancellationToken)
    {
        var bench = SyntheticBench.Create("bench", tasksDir, [task], ["nop"], options.Iterations + 1, 1, time);
        using var store = JsonlResultStore.Open(bench.RunDirectory);
        await new SweepRunner(CellPipeline.Create(runtime, resolver, harnesses, time), store, new NoopModelLifecycle(),
                NullSweepObserver.Instance, time)
            .RunAsync(Planner.Expand(bench, harnesses), RunContext.For(bench, time), new SweepOptions { Concurrency = 1 }, cancellationToken);
        // Repeat 1 is the warm-up.
        return [.. (await store.LoadAsync(cancellationToken)).Latest.Values.Where(r => r.Repeat > 1)];
    }
}
