using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;
using HarnessBench.Core.Sweep;

namespace HarnessBench.Core.Tests.Sweep;

/// <summary>hbench run --only, --limit and --rerun-failed: which cells run, which wait, which rerun.</summary>
public class SlicesTests
{
    [Theory]
    [InlineData("model=m1", 3)]
    [InlineData("model=m*,task=t2", 2)]
    [InlineData("harness=nop,task=t1|t3", 4)]
    [InlineData("task=t?", 6)]
    [InlineData("model=none", 0)]
    public void Only_keeps_the_cells_every_key_matches(string filter, int expected)
    {
        using var f = new SweepFixture(models: 2, tasks: 3);

        var sliced = CellFilter.Apply(f.Plan, [CellFilter.Parse(filter, out var error)!]);

        Assert.Null(error);
        Assert.Equal(expected, sliced.Cells.Count);
    }

    [Fact]
    public void Several_filters_are_alternatives()
    {
        using var f = new SweepFixture(models: 2, tasks: 3);

        var sliced = CellFilter.Apply(f.Plan, [CellFilter.Parse("model=m1,task=t1", out _)!, CellFilter.Parse("model=m2,task=t3", out _)!]);

        Assert.Equal(["m1__nop__t1__r1", "m2__nop__t3__r1"], sliced.Cells.Select(c => c.Id.Value).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("mdl=x", "is not KEY=GLOB")]
    [InlineData("model=", "is not KEY=GLOB")]
    [InlineData("task=a,task=b", "'task' is given twice")]
    [InlineData(",", "an empty --only")]
    public void Malformed_filters_say_what_is_wrong(string filter, string message)
    {
        Assert.Null(CellFilter.Parse(filter, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Limit_runs_the_first_cells_that_need_running_and_the_next_invocation_continues()
    {
        using var f = new SweepFixture(models: 1, tasks: 5);

        var first = await f.RunAsync(new SweepOptions { Concurrency = 2, Limit = 2 });
        var second = await f.RunAsync(new SweepOptions { Concurrency = 2, Limit = 2 });
        var third = await f.RunAsync(new SweepOptions { Concurrency = 2, Limit = 2 });

        Assert.Equal((2, 2, 1), (first.Ran, second.Ran, third.Ran));
        Assert.Equal(["m1__nop__t1__r1", "m1__nop__t2__r1", "m1__nop__t3__r1", "m1__nop__t4__r1", "m1__nop__t5__r1"], f.Lines().Select(l => l.CellId).Order(StringComparer.Ordinal));
        var resume = ResumePlan.Compute(f.Plan, StoredResults.Empty, new SweepOptions { Concurrency = 1, Limit = 2 });
        Assert.Equal([CellAction.Run, CellAction.Run, CellAction.Deferred, CellAction.Deferred, CellAction.Deferred], resume.Cells.Select(c => c.Action));
    }

    [Fact]
    public async Task Rerun_failed_reruns_fails_only()
    {
        using var f = new SweepFixture(models: 1, tasks: 3);
        f.Stages.GraderExit = cell => cell.Task.Id == "t2" ? 1 : 0;
        await f.RunAsync();
        f.Stages.GraderExit = _ => 0;

        var plain = await f.RunAsync();
        var rerun = await f.RunAsync(new SweepOptions { Concurrency = 2, RerunFailed = true });

        Assert.Equal(0, plain.Ran);
        Assert.Equal((1, 1), (rerun.Ran, rerun.Passed));
        Assert.Equal(Verdict.Pass, JsonlResultStore.Read(f.ResultsFile).Latest["m1__nop__t2__r1"].Verdict);
    }
}
