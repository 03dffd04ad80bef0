using HarnessBench.Cli.Hosting;
using HarnessBench.Cli.Rendering;
using HarnessBench.Core.Config;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;
using HarnessBench.Core.Sweep;
using HarnessBench.Docker.Images;
using HarnessBench.Docker.Processes;
using HarnessBench.Docker.Reaping;
using Spectre.Console;

namespace HarnessBench.Cli.Commands;

/// <summary>`hbench run`: load and validate bench.yaml, pre-flight Docker and images, then sweep.</summary>
internal sealed class SweepCommand(
    RunOptions options,
    HarnessRegistry harnesses,
    ImagePipeline images,
    EngineCheck engine,
    OrphanReaper reaper,
    CellPipeline pipeline,
    SweepGateway gateways,
    TimeProvider time) : IHostedCommand
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var load = BenchLoader.Load(options.BenchFile, new BenchLoadOptions(harnesses.Names)
        {
            KnownToolchains = images.Catalog.Images.Select(i => i.Name).ToHashSet(StringComparer.Ordinal),
        });
        if (!load.Succeeded)
        {
            return ConfigErrorsOutput.Print(load.Errors, options.BenchFile);
        }

        var bench = load.Bench! with { RunName = options.RunName ?? load.Bench!.RunName };
        await engine.RequireEngineAsync(cancellationToken);
        var reaped = await reaper.ReapAsync(deadRunId: null, cancellationToken);
        if (reaped.RemovedContainers.Count + reaped.RemovedNetworks.Count > 0)
        {
            Console.WriteLine($"removed {reaped.RemovedContainers.Count} container(s) left behind by a dead hbench process");
        }

        await engine.EnsureImagesAsync([.. bench.Tasks.Select(t => t.Toolchain).Distinct()], Console.Out, cancellationToken);

        var plan = Planner.Expand(bench, harnesses);
        using var store = JsonlResultStore.Open(bench.RunDirectory);
        var sweepOptions = new SweepOptions
        {
            Concurrency = options.Concurrency ?? bench.Concurrency,
            RerunErrors = options.RerunErrors,
            ChangedCells = options.ChangedCells,
        };
        Console.WriteLine($"bench {bench.Name}: {plan.Cells.Count} cell(s) -> {Path.GetRelativePath(Environment.CurrentDirectory, bench.RunDirectory)}/results.jsonl");
        if (bench.Audit.Layout == Core.Audit.Decoys.SandboxLayout.Legacy)
        {
            Console.Error.WriteLine("WARNING: sandbox.layout: legacy: the real task folder, grader and solution included, is visible to agents at " +
                "../../tasks/<id>/ (= /tasks/<id>/). This is NOT a fair evaluation; it measures how often agents take the grader. Cells are labelled legacy-layout.");
        }

        var (cellPipeline, gateway) = await gateways.AttachAsync(pipeline, plan, bench, cancellationToken);
        await using var gatewayScope = gateway;
        // Disposing stops a model server that is still up, whatever ended the sweep.
        await using var servers = new ManagedModelServers(bench.RunDirectory, Console.Out);
        SweepSummary summary;
        try
        {
            summary = await RunWithProgressAsync(observer =>
                new SweepRunner(cellPipeline, store, servers, observer, time)
                    .RunAsync(plan, RunContext.For(bench, time), sweepOptions, cancellationToken));
        }
        catch (SweepAbortedException e)
        {
            Console.Error.WriteLine($"sweep aborted: {e.Message}");
            Console.Error.WriteLine("Finished cells are stored; fix the problem (`./hbench doctor`) and run the same command to resume.");
            return ExitCodes.EngineUnavailable;
        }

        if (summary.Status != SweepStatus.Refused)
        {
            ReportFiles.WriteAfterSweep(bench, Console.Out);
        }

        return summary.Status switch
        {
            SweepStatus.Refused => ExitCodes.ConfigInvalid,
            SweepStatus.Interrupted => ExitCodes.Interrupted,
            _ when summary.ErrorCount > 0 => ExitCodes.CheckFailed,
            _ => ExitCodes.Success,
        };
    }

    private async Task<SweepSummary> RunWithProgressAsync(Func<ISweepObserver, Task<SweepSummary>> sweep)
    {
        var interactive = !options.Plain && !Console.IsOutputRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
        if (!interactive)
        {
            return await sweep(new PlainProgressObserver(Console.Out));
        }

        using var view = new LiveProgressView(AnsiConsole.Console);
        return await view.RunAsync(sweep);
    }
}
