using HarnessBench.Cli.Hosting;
using HarnessBench.Cli.Rendering;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Sweep;
using HarnessBench.Core.Tasks;
using HarnessBench.Core.Validation;
using HarnessBench.Docker.Images;

namespace HarnessBench.Cli.Commands;

/// <summary>What `hbench tasks validate` checks.</summary>
/// <param name="Hacks">Run the hack gate (every built-in subversion attempt that applies to a task).</param>
/// <param name="Json">Print the findings as JSON on stdout (progress and the table go to stderr).</param>
/// <param name="JUnitFile">Also write the findings as JUnit XML (one suite per task, one case per requirement).</param>
internal sealed record ValidateOptions(string TasksDirectory, IReadOnlyList<string> Ids, int Concurrency, bool Hacks = true, bool Json = false, string? JUnitFile = null);

/// <summary>
/// `hbench tasks validate`: every task through the real pipeline with the built-in harnesses:
/// oracle must pass, nop must fail and, where the task ships one, the wrong solution must fail;
/// every hack attempt of the hack gate that applies must fail and be audited tamper; the grader's
/// worst-case step time must fit its budget. A grader that cannot fail, cannot pass, can be fooled
/// or can overrun is caught here before it produces numbers.
/// </summary>
internal sealed class TasksValidateCommand(
    ValidateOptions options,
    ImagePipeline images,
    EngineCheck engine,
    IContainerRuntime runtime,
    IImageResolver resolver,
    TimeProvider time) : IHostedCommand
{
    private static readonly Dictionary<string, Verdict> Expected = new(StringComparer.Ordinal)
    {
        ["oracle"] = Verdict.Pass,
        ["nop"] = Verdict.Fail,
        ["wrong"] = Verdict.Fail,
    };

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var load = TaskRepository.Load(options.TasksDirectory, images.Catalog.ToolchainNames);
        // A broken task is reported; it blocks only a selection that names it (or errors of no single task).
        var blocking = load.ErrorsByTask.Where(e => e.Key.Length == 0 || options.Ids.Contains(e.Key)).SelectMany(e => e.Value).ToList();
        if (blocking.Count > 0)
        {
            return ConfigErrorsOutput.Print(blocking, options.TasksDirectory);
        }

        var invalid = options.Ids.Count > 0 ? [] : load.ErrorsByTask.Keys.Order(StringComparer.Ordinal).ToList();
        var tasks = load.Tasks.Where(t => options.Ids.Count == 0 || options.Ids.Contains(t.Id)).ToList();
        var unknown = options.Ids.Except(load.Tasks.Select(t => t.Id)).ToList();
        if (unknown.Count > 0 || (tasks.Count == 0 && invalid.Count == 0))
        {
            Console.Error.WriteLine($"no such task(s): {string.Join(", ", unknown)}; known: {string.Join(", ", load.Tasks.Select(t => t.Id))}");
            return ExitCodes.Usage;
        }

        if (invalid.Count > 0)
        {
            foreach (var error in load.Errors) Console.Error.WriteLine(error.ToString());
            Console.Error.WriteLine($"{invalid.Count} invalid task(s) not validated: {string.Join(", ", invalid)}");
            if (tasks.Count == 0) return ExitCodes.ConfigInvalid;
        }

        // With --json, stdout carries only the JSON document: progress and the table go to stderr.
        var human = options.Json ? Console.Error : Console.Out;
        await engine.RequireEngineAsync(cancellationToken);
        await engine.EnsureImagesAsync([.. tasks.Select(t => t.Toolchain).Distinct()], human, cancellationToken);

        var registry = HarnessRegistry.CreateWithBuiltIns().Add(BuiltInHarnesses.Wrong());
        var hacks = options.Hacks ? HackCatalog.All : [];
        var staging = Directory.CreateTempSubdirectory("hbench-hacks-").FullName;
        foreach (var attempt in hacks) registry = registry.Add(BuiltInHarnesses.Hack(attempt, staging));
        var bench = SyntheticBench.Create("validate", options.TasksDirectory, tasks, [.. Expected.Keys, .. hacks.Select(h => h.HarnessName)], 1, options.Concurrency, time);
        var plan = Planner.Expand(bench, registry);
        var applicable = tasks.ToDictionary(t => t.Id, t => HackCatalog.For(t).Select(h => h.HarnessName).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        plan = plan with
        {
            Cells = [.. plan.Cells.Where(c => c.Harness switch
            {
                "wrong" => Directory.Exists(c.Task.WrongDirectory),
                var h when h.StartsWith("hack-", StringComparison.Ordinal) => applicable[c.Task.Id].Contains(h),
                _ => true,
            })],
        };
        using var store = JsonlResultStore.Open(bench.RunDirectory);
        var runner = new SweepRunner(CellPipeline.Create(runtime, resolver, registry, time), store,
            new NoopModelLifecycle(), new PlainProgressObserver(human), time);
        SweepSummary summary;
        try
        {
            summary = await runner.RunAsync(plan, RunContext.For(bench, time), new SweepOptions { Concurrency = options.Concurrency }, cancellationToken);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }

        if (summary.Status == SweepStatus.Interrupted)
        {
            return ExitCodes.Interrupted;
        }

        var results = (await store.LoadAsync(cancellationToken)).Latest.Values.ToList();
        var report = TaskValidationReport.Evaluate(tasks, results, Expected,
            cell => GraderEvidence.Read(Path.Combine(bench.RunDirectory, "cells", cell, "evidence", GraderEvidence.FileName)),
            cell => ValidationLogs.Tail(bench.RunDirectory, cell));
        ValidationTable.Print(report, human);
        if (options.Json) Console.Out.WriteLine(ValidationOutputs.Json(report));
        if (options.JUnitFile is { } junit)
        {
            ValidationOutputs.WriteJUnit(junit, report);
            human.WriteLine($"junit: {junit}");
        }

        return report.Valid && invalid.Count == 0 ? ExitCodes.Success : ExitCodes.CheckFailed;
    }
}
