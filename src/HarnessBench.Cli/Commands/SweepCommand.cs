using HarnessBench.Cli.Hosting;
using HarnessBench.Cli.Rendering;
using HarnessBench.Core.Config;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;
using HarnessBench.Core.Runtime;
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
    ContainerBackends backends,
    SwarmBackend swarm,
    SweepGateway gateways,
    TimeProvider time) : IHostedCommand
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        // With --json, stdout carries only the JSON: everything for people goes to stderr.
        var output = options.Json ? Console.Error : Console.Out;
        var load = BenchLoader.Load(options.BenchFile, new BenchLoadOptions(harnesses.Names)
        {
            KnownToolchains = images.Catalog.ToolchainNames,
        });
        if (!load.Succeeded)
        {
            return ConfigErrorsOutput.Print(load.Errors, options.BenchFile);
        }

        foreach (var warning in load.Warnings) Console.Error.WriteLine($"warning: {warning}");
        // The command line wins over bench.yaml's backend.
        var bench = load.Bench! with { RunName = options.RunName ?? load.Bench!.RunName, Backend = options.Backend ?? load.Bench!.Backend };
        var plan = CellFilter.Apply(Planner.Expand(bench, harnesses), options.Only);
        if (plan.Cells.Count == 0)
        {
            Console.Error.WriteLine($"hbench: no cell of {options.BenchFile} matches --only {string.Join(" --only ", options.Only.Select(f => f.Text))}");
            return ExitCodes.Usage;
        }

        var sweepOptions = new SweepOptions
        {
            Concurrency = options.Concurrency ?? bench.Concurrency,
            RerunErrors = options.RerunErrors,
            RerunFailed = options.RerunFailed,
            Limit = options.Limit,
            ChangedCells = options.ChangedCells,
        };
        if (options.DryRun)
        {
            return DryRun(plan, bench, sweepOptions);
        }

        if (RunFolder.Prepare(bench, options.BenchFile) is { } problem)
        {
            Console.Error.WriteLine(problem);
            return ExitCodes.Usage;
        }

        await engine.RequireEngineAsync(cancellationToken);
        if (bench.Backend == ExecutionBackend.Swarm && await SwarmPreflight.ProblemAsync(swarm, bench.SwarmRegistry, output, cancellationToken) is { } swarmProblem)
        {
            Console.Error.WriteLine(swarmProblem);
            return ExitCodes.EngineUnavailable;
        }

        // Swarm services first (a swarm may be active whatever this run's backend): their containers and networks follow.
        var swarmReaped = await swarm.Reaper.ReapAsync(deadRunId: null, cancellationToken);
        if (swarmReaped.RemovedContainers.Count > 0)
        {
            output.WriteLine($"removed {swarmReaped.RemovedContainers.Count} Swarm job(s) left behind by a dead hbench process");
        }

        var reaped = await reaper.ReapAsync(deadRunId: null, cancellationToken);
        if (reaped.RemovedContainers.Count + reaped.RemovedNetworks.Count > 0)
        {
            output.WriteLine($"removed {reaped.RemovedContainers.Count} container(s) left behind by a dead hbench process");
        }

        await engine.EnsureImagesAsync([.. plan.Cells.Select(c => c.Task.Toolchain).Distinct()], output, cancellationToken);

        using var store = JsonlResultStore.Open(bench.RunDirectory);
        output.WriteLine($"bench {bench.Name}: {plan.Cells.Count} cell(s) on backend {bench.Backend.Name()} -> {Path.GetRelativePath(Environment.CurrentDirectory, bench.RunDirectory)}/results.jsonl");
        if (bench.Audit.Layout == Core.Audit.Decoys.SandboxLayout.Legacy)
        {
            Console.Error.WriteLine("WARNING: sandbox.layout: legacy: the real task folder, grader and solution included, is visible to agents at " +
                "../../tasks/<id>/ (= /tasks/<id>/). This is NOT a fair evaluation; it measures how often agents take the grader. Cells are labelled legacy-layout.");
        }

        CellPipeline cellPipeline;
        IAsyncDisposable? gateway;
        try
        {
            (cellPipeline, gateway) = await gateways.AttachAsync(backends.Pipeline(bench.Backend, bench.SwarmRegistry), plan, bench, cancellationToken);
        }
        catch (Exception e) when (e is ContainerRuntimeException or BackendFailureException)
        {
            // The Swarm backend's gateway relay could not start on every node (or its image not reach them).
            Console.Error.WriteLine($"hbench: the model gateway could not be set up: {e.Message}");
            return ExitCodes.EngineUnavailable;
        }

        await using var gatewayScope = gateway;
        // Disposing stops a model server that is still up, whatever ended the sweep.
        await using var servers = new ManagedModelServers(bench.RunDirectory, output);
        SweepSummary summary;
        try
        {
            summary = await RunWithProgressAsync(output, observer =>
                new SweepRunner(cellPipeline, store, servers, observer, time)
                    .RunAsync(plan, RunContext.For(bench, time), sweepOptions, cancellationToken));
        }
        catch (SweepAbortedException e)
        {
            Console.Error.WriteLine($"sweep aborted: {e.Message}");
            Console.Error.WriteLine("Finished cells are stored; fix the problem (`./hbench doctor`) and run the same command to resume.");
            return ExitCodes.EngineUnavailable;
        }

        var stored = await store.LoadAsync(CancellationToken.None);
        var totals = RunOutputs.Totals(plan, stored);
        string? report = null;
        if (summary.Status != SweepStatus.Refused)
        {
            output.WriteLine(RunOutputs.TotalsLine(totals));
            report = ReportFiles.WriteAfterSweep(bench, output);
        }

        if (options.JUnitFile is { } junit)
        {
            RunOutputs.WriteJUnit(junit, bench.Name, plan.Cells.Select(c => stored.Latest.GetValueOrDefault(c.Id.Value)).OfType<CellResult>());
            output.WriteLine($"junit: {junit}");
        }

        if (options.Json)
        {
            Console.Out.WriteLine(RunOutputs.Json(bench.Name, bench.RunName, bench.RunDirectory, summary, totals, report));
        }

        return summary.Status switch
        {
            SweepStatus.Refused => ExitCodes.ConfigInvalid,
            SweepStatus.Interrupted => ExitCodes.Interrupted,
            _ when summary.ErrorCount > 0 => ExitCodes.CheckFailed,
            _ => ExitCodes.Success,
        };
    }

    /// <summary>--dry-run: what each cell would do and why, from the stored results, without touching anything.</summary>
    private int DryRun(Plan plan, Bench bench, SweepOptions sweepOptions)
    {
        var path = Path.Combine(bench.RunDirectory, JsonlResultStore.FileName);
        var stored = File.Exists(path) ? JsonlResultStore.Read(path) : StoredResults.Empty;
        var resume = ResumePlan.Compute(plan, stored, sweepOptions);
        var refused = resume.MustRefuse(sweepOptions);
        if (options.Json) Console.Out.WriteLine(DryRunTable.Json(resume, refused));
        else DryRunTable.Print(resume, refused, Console.Out);
        return refused ? ExitCodes.ConfigInvalid : ExitCodes.Success;
    }

    private async Task<SweepSummary> RunWithProgressAsync(TextWriter output, Func<ISweepObserver, Task<SweepSummary>> sweep)
    {
        var interactive = !options.Plain && !options.Json && !Console.IsOutputRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
        if (!interactive)
        {
            return await sweep(new PlainProgressObserver(output));
        }

        using var view = new LiveProgressView(AnsiConsole.Console);
        return await view.RunAsync(sweep);
    }
}
