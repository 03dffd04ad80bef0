using HarnessBench.Core.Results;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Sweep;

namespace HarnessBench.Core.Tests.Sweep;

public class SweepRunnerTests
{
    [Fact]
    public async Task Every_cell_runs_once_model_by_model_with_the_model_up()
    {
        using var f = new SweepFixture(models: 2, tasks: 3, repeats: 2);
        f.Stages.Agent = async (cell, ct) =>
        {
            Assert.Equal(cell.Model.Name, f.Lifecycle.Up);
            await Task.Delay(Random.Shared.Next(1, 15), ct);
            return FakeStages.Run(0);
        };

        var summary = await f.RunAsync(new SweepOptions { Concurrency = 3 });

        Assert.Equal((SweepStatus.Completed, 12, 12, 12, 0, 0), (summary.Status, summary.Planned, summary.Ran, summary.Passed, summary.Failed, summary.ErrorCount));
        var log = f.Log.ToList();
        Assert.Equal("start:m1", log[0]);
        Assert.Equal(log.IndexOf("stop:m1") + 1, log.IndexOf("start:m2"));
        Assert.Equal("stop:m2", log[^1]);
        Assert.All(log.Take(log.IndexOf("stop:m1")).Skip(1), l => Assert.StartsWith("agent:m1__", l, StringComparison.Ordinal));
        Assert.All(log.Skip(log.IndexOf("start:m2") + 1).SkipLast(1), l => Assert.StartsWith("agent:m2__", l, StringComparison.Ordinal));
        var lines = f.Lines();
        Assert.Equal(f.Plan.Cells.Select(c => c.Id.Value).Order(), lines.Select(l => l.CellId).Order());
        Assert.All(lines, l => Assert.Equal(Verdict.Pass, l.Verdict));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Concurrency_is_bounded_and_used(int concurrency)
    {
        // Each agent holds its slot until `concurrency` agents are in at the same time (a state, not a
        // race of 60 ms cells against a loaded scheduler), then 60 ms more, in which a sweep that
        // ignored the bound would start more. A sweep that never fills its slots is caught too: the
        // agents give up waiting after a while and the peak stays below `concurrency`.
        using var f = new SweepFixture(models: 1, tasks: 4, repeats: 2);
        var full = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var giveUp = new Lazy<Task>(() => Task.Delay(TimeSpan.FromSeconds(10)));
        var inside = 0;
        f.Stages.Agent = async (_, ct) =>
        {
            if (Interlocked.Increment(ref inside) >= concurrency) full.TrySetResult();
            try
            {
                await Task.WhenAny(full.Task, giveUp.Value).WaitAsync(ct);
                await Task.Delay(60, ct);
                return FakeStages.Run(0);
            }
            finally
            {
                Interlocked.Decrement(ref inside);
            }
        };

        await f.RunAsync(new SweepOptions { Concurrency = concurrency });

        Assert.True(full.Task.IsCompleted, $"never {concurrency} agents at once (peak {f.Stages.Peak})");
        Assert.Equal(concurrency, f.Stages.Peak);
    }

    [Fact]
    public async Task Resume_skips_finished_cells_and_appends_nothing()
    {
        using var f = new SweepFixture();
        f.Stages.GraderExit = cell => cell.Task.Id == "t2" ? 1 : 0;
        await f.RunAsync();
        var before = File.ReadAllText(f.ResultsFile);
        var logBefore = f.Log.Count;

        var summary = await f.RunAsync();

        Assert.Equal((SweepStatus.Completed, 0, 6), (summary.Status, summary.Ran, summary.Skipped));
        Assert.Equal(before, File.ReadAllText(f.ResultsFile));
        Assert.Equal(logBefore, f.Log.Count); // no agent ran and no model was brought up for nothing
    }

    [Fact]
    public async Task Cancelled_sweep_stores_running_cells_as_interrupted_and_resume_finishes_without_duplicates()
    {
        using var f = new SweepFixture(models: 1, tasks: 6);
        using var cts = new CancellationTokenSource();
        var started = 0;
        f.Stages.Agent = async (_, ct) =>
        {
            if (Interlocked.Increment(ref started) == 3) await cts.CancelAsync();
            await Task.Delay(Interlocked.CompareExchange(ref started, 0, 0) >= 3 ? Timeout.Infinite : 1, ct);
            return FakeStages.Run(0);
        };

        var first = await f.RunAsync(new SweepOptions { Concurrency = 2 }, cts.Token);

        Assert.Equal(SweepStatus.Interrupted, first.Status);
        var afterFirst = f.Lines();
        Assert.Contains(afterFirst, l => l.ErrorKind == ErrorKind.Interrupted);
        Assert.True(afterFirst.Count < 6, "cells that never started must not be recorded");
        Assert.Equal(first.Ran, afterFirst.Count);

        f.Stages.Agent = (_, _) => Task.FromResult(FakeStages.Run(0));
        var second = await f.RunAsync();

        Assert.Equal(SweepStatus.Completed, second.Status);
        Assert.Equal(6 - afterFirst.Count(l => l.Verdict == Verdict.Pass), second.Ran);
        var lines = f.Lines();
        Assert.All(lines.Where(l => l.Verdict == Verdict.Pass).GroupBy(l => l.CellId), g => Assert.Single(g));
        Assert.Equal(6, lines.Where(l => l.Verdict == Verdict.Pass).Select(l => l.CellId).Distinct().Count());
        Assert.All(JsonlResultStore.Read(f.ResultsFile).Latest.Values, r => Assert.Equal(Verdict.Pass, r.Verdict));
        Assert.Equal(0, (await f.RunAsync()).Ran);
    }

    [Fact]
    public async Task Errors_are_kept_on_resume_unless_rerun_errors_is_asked()
    {
        using var f = new SweepFixture(models: 1, tasks: 3);
        f.Stages.Agent = (cell, _) => Task.FromResult(cell.Task.Id == "t2" ? FakeStages.Run(null, timedOut: true) : FakeStages.Run(0));
        var first = await f.RunAsync();
        Assert.Equal(1, first.Errors[ErrorKind.AgentTimeout]);

        f.Stages.Agent = (_, _) => Task.FromResult(FakeStages.Run(0));
        Assert.Equal(0, (await f.RunAsync()).Ran);
        var rerun = await f.RunAsync(new SweepOptions { Concurrency = 2, RerunErrors = true });

        Assert.Equal((1, 1), (rerun.Ran, rerun.Passed));
        var lines = f.Lines();
        Assert.Equal(4, lines.Count);
        Assert.Equal(("m1__nop__t2__r1", Verdict.Pass), (lines[^1].CellId, lines[^1].Verdict));
        Assert.Equal(Verdict.Pass, JsonlResultStore.Read(f.ResultsFile).Latest["m1__nop__t2__r1"].Verdict);
    }

    [Fact]
    public async Task Changed_definitions_are_refused_listed_and_then_rerun_or_kept_on_request()
    {
        using var f = new SweepFixture(models: 1, tasks: 2);
        await f.RunAsync();
        var before = File.ReadAllText(f.ResultsFile);
        var plan = f.Plan;
        f.Plan = plan with { Cells = [plan.Cells[0] with { DefinitionHash = "sha256:new" }, plan.Cells[1]] };

        var refused = await f.RunAsync();

        Assert.Equal((SweepStatus.Refused, 0), (refused.Status, refused.Ran));
        Assert.Contains("m1__nop__t1__r1", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("m1__nop__t2__r1", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-changed", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(f.ResultsFile));
        Assert.IsType<SweepFinished>(Assert.Single(f.Observer.Events));

        var kept = await f.RunAsync(new SweepOptions { Concurrency = 1, ChangedCells = ChangedCellPolicy.Keep });
        Assert.Equal((SweepStatus.Completed, 0, 2), (kept.Status, kept.Ran, kept.Skipped));
        var rerun = await f.RunAsync(new SweepOptions { Concurrency = 1, ChangedCells = ChangedCellPolicy.Rerun });

        Assert.Equal((SweepStatus.Completed, 1), (rerun.Status, rerun.Ran));
        Assert.Equal("sha256:new", f.Lines()[^1].DefinitionHash);
        Assert.Equal(0, (await f.RunAsync()).Ran); // the new line now matches the plan
    }

    [Fact]
    public async Task Broken_infrastructure_stops_the_sweep_after_consecutive_infra_errors()
    {
        using var f = new SweepFixture(models: 2, tasks: 4);
        f.Stages.Agent = (_, _) => throw new ContainerRuntimeException("Cannot connect to the Docker daemon.");

        var error = await Assert.ThrowsAsync<SweepAbortedException>(() => f.RunAsync(new SweepOptions { Concurrency = 1, MaxConsecutiveInfraErrors = 3 }));

        Assert.Contains("3 cells in a row failed with infrastructure errors", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cannot connect to the Docker daemon.", error.Message, StringComparison.Ordinal);
        var lines = f.Lines();
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.Equal(ErrorKind.Infra, l.ErrorKind));
        Assert.Equal(["start:m1", "stop:m1"], f.Log.Where(l => !l.StartsWith("agent:", StringComparison.Ordinal)));
        Assert.Null(f.Lifecycle.Up);
    }

    [Fact]
    public async Task Isolated_infra_errors_do_not_stop_the_sweep()
    {
        using var f = new SweepFixture(models: 1, tasks: 5);
        f.Stages.Agent = (cell, _) => cell.Task.Id is "t1" or "t3"
            ? throw new ContainerRuntimeException("transient")
            : Task.FromResult(FakeStages.Run(0));

        var summary = await f.RunAsync(new SweepOptions { Concurrency = 1, MaxConsecutiveInfraErrors = 2 });

        Assert.Equal((SweepStatus.Completed, 5, 3, 2), (summary.Status, summary.Ran, summary.Passed, summary.Errors[ErrorKind.Infra]));
    }

    [Fact]
    public async Task A_model_that_cannot_start_aborts_before_any_cell()
    {
        using var f = new SweepFixture();
        f.Lifecycle.OnStart = _ => throw new InvalidOperationException("llama-server exited");

        var error = await Assert.ThrowsAsync<SweepAbortedException>(() => f.RunAsync());

        Assert.Contains("Model 'm1' could not be started", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, f.Stages.AgentRuns);
        Assert.Equal(["start:m1", "stop:m1"], f.Log);
    }

    [Fact]
    public async Task Observer_sees_ordered_progress_and_store_warnings()
    {
        using var f = new SweepFixture(models: 1, tasks: 3);
        Directory.CreateDirectory(f.Run.RunDirectory);
        File.WriteAllText(f.ResultsFile, "{\"schema\":1,\"run_id\":\"sw");

        var summary = await f.RunAsync(new SweepOptions { Concurrency = 3 });

        var events = f.Observer.Events;
        Assert.Contains("removed a partial last line", Assert.IsType<SweepWarning>(events[0]).Message, StringComparison.Ordinal);
        var started = Assert.IsType<SweepStarted>(events[1]);
        Assert.Equal((3, 0), (started.Progress.Total, started.Progress.Finished));
        Assert.IsType<ModelStarting>(events[2]);
        var finished = events.OfType<CellFinished>().ToList();
        Assert.Equal([1, 2, 3], finished.Select(e => e.Progress.Finished));
        Assert.Equal(3, events.OfType<CellStarted>().Count());
        Assert.All(finished, e => Assert.Equal(e.Cell.Id.Value, e.Result.CellId));
        Assert.IsType<ModelStopped>(events[^2]);
        Assert.Same(summary, Assert.IsType<SweepFinished>(events[^1]).Summary);
        Assert.Equal(3, f.Lines().Count);
    }
}
