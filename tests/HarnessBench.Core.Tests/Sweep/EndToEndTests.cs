using System.Diagnostics;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;
using HarnessBench.Core.Sweep;
using HarnessBench.Core.Tests.Support;

namespace HarnessBench.Core.Tests.Sweep;

/// <summary>
/// The whole Core path with real processes standing in for containers: bench.yaml → plan → sweep →
/// pipeline → fake runtime that runs each container's command with bash in its private file system.
/// </summary>
public class EndToEndTests
{
    [Fact]
    public async Task Oracle_passes_and_nop_fails_on_real_tasks()
    {
        using var dir = new TempDirectory();
        foreach (var id in new[] { "overlay", "scripted" })
        {
            TestBench.WriteTask(dir, id);
            // A driver in miniature: evidence with one check (run in /workspace, next to /hbench/evidence).
            dir.Write($"tasks/{id}/tests/test.sh", """
                set -e
                [ "$(cat answer.txt 2>/dev/null)" = 42 ] && ok=true || ok=false
                printf '{"event": "check", "name": "answer", "passed": %s}\n{"event": "finish", "checks": 1, "passed": %d}\n' "$ok" "$([ $ok = true ] && echo 1 || echo 0)" > ../hbench/evidence/evidence.jsonl
                """);
        }
        File.Delete(dir.Combine("tasks/scripted/solution/answer.txt"));
        dir.Write("tasks/scripted/solution/solve.sh", "echo 42 > answer.txt\n");
        var registry = HarnessRegistry.CreateWithBuiltIns();
        var bench = TestBench.Load(dir, "name: e2e\nmodels: [{ name: m, scripted: scripts/demo.yaml }]\nharnesses: [oracle, nop]\n", registry);
        var plan = Planner.Expand(bench, registry);
        var runtime = new FakeContainerRuntime { OnAgent = RunForReal, OnGrader = RunForReal };
        var run = new RunContext(bench.RunName, "e2e-session", bench.RunDirectory);
        SweepSummary summary;
        using (var store = JsonlResultStore.Open(bench.RunDirectory))
        {
            var runner = new SweepRunner(CellPipeline.Create(runtime, new FakeImageResolver(), registry, TimeProvider.System),
                store, new NoopModelLifecycle(), NullSweepObserver.Instance, TimeProvider.System);
            summary = await runner.RunAsync(plan, run, new SweepOptions { Concurrency = bench.Concurrency }, default);
        }

        Assert.Equal((SweepStatus.Completed, 4, 2, 2), (summary.Status, summary.Ran, summary.Passed, summary.Failed));
        var results = JsonlResultStore.Read(Path.Combine(bench.RunDirectory, "results.jsonl")).Latest;
        Assert.Equal(Verdict.Pass, results["m__oracle__overlay__r1"].Verdict);
        Assert.Equal(Verdict.Pass, results["m__oracle__scripted__r1"].Verdict);
        Assert.Equal((Verdict.Fail, 0, "checks 0/1: answer"), (results["m__nop__overlay__r1"].Verdict, results["m__nop__overlay__r1"].GraderExitCode, results["m__nop__overlay__r1"].FailReason));
        Assert.Equal((1, 1), (results["m__oracle__overlay__r1"].Checks!.Passed, results["m__oracle__overlay__r1"].Checks!.Declared));
        Assert.Equal(0, results["m__nop__scripted__r1"].Checks!.Passed);
        Assert.Equal("42\n", File.ReadAllText(Path.Combine(bench.RunDirectory, "cells", "m__oracle__scripted__r1", "workspace", "answer.txt")));
        Assert.False(File.Exists(Path.Combine(bench.RunDirectory, "cells", "m__oracle__scripted__r1", "workspace", "solve.sh")));
    }

    // Runs the container's argv with bash semantics; absolute container paths in argv and env are mapped into its file system.
    private static async Task<Runtime.ContainerRun> RunForReal(FakeContainer c, CancellationToken cancellationToken)
    {
        string Map(string value) => value.StartsWith('/') && (File.Exists(c.PathOf(value)) || Directory.Exists(Path.GetDirectoryName(c.PathOf(value)))) ? c.PathOf(value) : value;
        var start = new ProcessStartInfo(c.Spec.Command[0], c.Spec.Command.Skip(1).Select(Map))
        {
            WorkingDirectory = c.PathOf(c.Spec.WorkingDirectory),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in c.Spec.Environment) start.Environment[key] = Map(value);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        c.Stdout(await stdout);
        c.Stderr(await stderr);
        return c.Exit(process.ExitCode);
    }
}
