using HarnessBench.Core.Config;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Reports;
using HarnessBench.Core.Results;
using HarnessBench.Core.Sweep;
using HarnessBench.Core.Tests.Reports;
using HarnessBench.Core.Tests.Support;

namespace HarnessBench.Core.Tests.Sweep;

/// <summary>bench.yaml `warmup: true`: a discarded repeat 0 per (model, harness, task), run first, stored, never reported.</summary>
public sealed class WarmupTests
{
    private static SweepFixture Fixture(int models = 1, int tasks = 2, int repeats = 2)
    {
        var f = new SweepFixture(models, tasks, repeats);
        f.Plan = TestBench.Plan(f.Dir, models, tasks, repeats, extra: "warmup: true");
        return f;
    }

    [Fact]
    public void Warmup_adds_repeat_zero_before_repeat_one_with_the_same_definition()
    {
        using var f = Fixture();

        Assert.Equal(["m1__nop__t1__r0", "m1__nop__t1__r1", "m1__nop__t1__r2", "m1__nop__t2__r0"], f.Plan.Cells.Take(4).Select(c => c.Id.Value));
        Assert.Equal(6, f.Plan.Cells.Count);
        Assert.All(f.Plan.Cells.Where(c => c.IsWarmup), c => Assert.Equal(0, c.Repeat));
        Assert.Equal(f.Plan.Cells[0].DefinitionHash, f.Plan.Cells[1].DefinitionHash);
    }

    [Fact]
    public void Warmup_must_be_a_boolean()
    {
        using var dir = new TempDirectory();
        TestBench.WriteTask(dir, "t1");
        string path = dir.Write("bench.yaml", "name: b\nharnesses: [nop]\nwarmup: yes please\n");

        var result = BenchLoader.Load(path, new BenchLoadOptions(HarnessRegistry.CreateWithBuiltIns().Names));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.ToString().Contains("'warmup' must be true or false", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Warmups_run_before_every_timed_repeat_are_stored_marked_and_skipped_on_resume()
    {
        using var f = Fixture(models: 2, tasks: 3, repeats: 2);

        var summary = await f.RunAsync(new SweepOptions { Concurrency = 3 });

        Assert.Equal(SweepStatus.Completed, summary.Status);
        foreach (string model in new[] { "m1", "m2" })
        {
            var agents = f.Log.Where(l => l.StartsWith($"agent:{model}__", StringComparison.Ordinal)).ToList();
            int lastWarmup = agents.FindLastIndex(l => l.EndsWith("__r0", StringComparison.Ordinal));
            int firstTimed = agents.FindIndex(l => !l.EndsWith("__r0", StringComparison.Ordinal));
            Assert.Equal(3, agents.Count(l => l.EndsWith("__r0", StringComparison.Ordinal)));
            Assert.True(lastWarmup < firstTimed, string.Join(", ", agents));
        }

        var lines = f.Lines();
        Assert.Equal(18, lines.Count);
        Assert.All(lines, l => Assert.Equal(l.Repeat == 0, l.Warmup));
        Assert.Contains("\"warmup\":true", File.ReadAllLines(f.ResultsFile).First(l => l.Contains("__r0\"", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain("warmup", File.ReadAllLines(f.ResultsFile).First(l => l.Contains("__r1\"", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal(0, (await f.RunAsync()).Ran);
        Assert.Equal(18, f.Lines().Count);
    }

    [Fact]
    public async Task A_sweep_killed_during_warmups_resumes_without_losing_or_duplicating_a_cell()
    {
        using var f = Fixture(models: 1, tasks: 4, repeats: 1);
        using var cts = new CancellationTokenSource();
        var started = 0;
        f.Stages.Agent = async (_, ct) =>
        {
            if (Interlocked.Increment(ref started) == 2) await cts.CancelAsync();
            await Task.Delay(Volatile.Read(ref started) >= 2 ? Timeout.Infinite : 1, ct);
            return FakeStages.Run(0);
        };

        var first = await f.RunAsync(new SweepOptions { Concurrency = 2 }, cts.Token);
        Assert.Equal(SweepStatus.Interrupted, first.Status);
        Assert.All(f.Lines(), l => Assert.True(l.Warmup, l.CellId)); // nothing timed ran while warm-ups were unfinished

        f.Stages.Agent = (_, _) => Task.FromResult(FakeStages.Run(0));
        await f.RunAsync();

        var latest = JsonlResultStore.Read(f.ResultsFile).Latest;
        Assert.Equal(f.Plan.Cells.Select(c => c.Id.Value).Order(), latest.Keys.Order());
        Assert.All(latest.Values, r => Assert.Equal(Verdict.Pass, r.Verdict));
        Assert.All(f.Lines().Where(l => l.Verdict == Verdict.Pass).GroupBy(l => l.CellId), g => Assert.Single(g));
    }

    [Fact]
    public async Task Reports_leave_warmups_out_of_every_figure()
    {
        using var f = Fixture(models: 1, tasks: 2, repeats: 2);
        // Warm-ups fail, timed repeats pass: any warm-up in a figure would lower the pass rate.
        f.Stages.GraderExit = cell => cell.IsWarmup ? 1 : 0;
        await f.RunAsync();

        var input = ReportLoader.Load([f.Run.RunDirectory], new ReportSources(null, null, null, "host"));
        // The fixture's harness is nop, a reference harness that reports rank apart; read it as a contestant.
        input = input with { Cells = [.. input.Cells.Select(c => c with { Harness = "agent" })] };
        var report = ReportBuilder.Build(input);

        Assert.Equal(4, input.Cells.Count);
        Assert.DoesNotContain(input.Cells, c => c.Repeat == 0);
        Assert.Contains(input.Warnings, w => w.Contains("2 warm-up attempt(s)", StringComparison.Ordinal));
        Assert.Equal(1.0, report.Leaderboard.Single().Graded.Value);
        Assert.Equal(2, report.Repeats!.Rows.Single().Repeats);
    }

    [Fact]
    public void Repeats_show_mean_and_spread_of_pass_and_time_per_task()
    {
        var cells = new[]
        {
            ReportCells.Cell("m", "h", "t1", Verdict.Pass, repeat: 1, agentMs: 1000),
            ReportCells.Cell("m", "h", "t1", Verdict.Fail, repeat: 2, agentMs: 3000),
            ReportCells.Cell("m", "h", "t1", Verdict.Pass, repeat: 3, agentMs: 2000),
            ReportCells.Cell("m", "h", "t2", Verdict.Pass, repeat: 1, agentMs: 500),
            ReportCells.Cell("m", "h", "t2", Verdict.Pass, repeat: 2, agentMs: 500),
            ReportCells.Cell("m", "h", "t2", Verdict.Error, repeat: 3, agentMs: 9000),
        };

        var tasks = ReportBuilder.Build(ReportCells.Input(cells)).Repeats!.Tasks;

        var t1 = tasks.Single(t => t.Task == "t1");
        Assert.Equal((3, 2.0 / 3, 2000.0), (t1.Repeats, t1.PassMean, t1.MeanAgentMs!.Value));
        // pass 1,0,1: sample variance ((1/3)^2 * 2 + (2/3)^2) / 2 = 1/3; times 1000, 3000, 2000: std dev 1000.
        Assert.Equal(Math.Sqrt(1.0 / 3), t1.PassStdDev!.Value, 12);
        Assert.Equal(1000, t1.AgentMsStdDev!.Value, 9);
        var t2 = tasks.Single(t => t.Task == "t2");
        Assert.Equal((2, 1.0, 0.0), (t2.Repeats, t2.PassMean, t2.PassStdDev!.Value)); // the error has no verdict
    }
}
