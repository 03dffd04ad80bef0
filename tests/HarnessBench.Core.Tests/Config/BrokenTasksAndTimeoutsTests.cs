using HarnessBench.Core.Config;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Tests.Support;

namespace HarnessBench.Core.Tests.Config;

/// <summary>A broken task blocks only a bench that selects it; timeouts follow an explicit precedence.</summary>
public class BrokenTasksAndTimeoutsTests
{
    private static TempDirectory Tasks()
    {
        var dir = new TempDirectory();
        TestBench.WriteTask(dir, "good", "timeouts: { agent: 20m, grader: 4m }");
        TestBench.WriteTask(dir, "other");
        dir.Write("tasks/broken/task.yaml", "id: broken\ntitle: [unclosed\n");
        return dir;
    }

    [Fact]
    public void A_broken_task_the_bench_does_not_select_is_a_warning()
    {
        using var dir = Tasks();

        var load = TestLoad(dir, "name: b\nharnesses: [nop]\ntasks: [good, other]\n");

        Assert.True(load.Succeeded, string.Join("\n", load.Errors));
        Assert.Equal(["good", "other"], load.Bench.Tasks.Select(t => t.Id));
        Assert.Contains(load.Warnings, w => w.Location.File.Contains("broken", StringComparison.Ordinal) && w.Hint!.Contains("not selected by this bench", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("tasks: [broken, good]")]
    [InlineData("tasks: [\"b*\"]")]
    [InlineData("")]
    public void A_selection_that_includes_a_broken_task_is_refused_with_its_errors(string tasks)
    {
        using var dir = Tasks();

        var load = TestLoad(dir, $"name: b\nharnesses: [nop]\n{tasks}\n");

        Assert.False(load.Succeeded);
        Assert.Contains(load.Errors, e => e.Location.File.Contains("broken", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tasks_own_timeouts_win_over_the_benchs_defaults()
    {
        using var dir = Tasks();

        var bench = TestLoad(dir, "name: b\nharnesses: [nop]\ntasks: [good, other]\ntimeouts: { agent: 5m, grader: 1m }\n").Bench!;

        Assert.Equal(new CellTimeouts(TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(4)), bench.EffectiveTimeouts(bench.Tasks[0]));
        Assert.Equal(new CellTimeouts(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1)), bench.EffectiveTimeouts(bench.Tasks[1]));
    }

    [Fact]
    public void Override_gives_every_task_the_benchs_limit_for_the_fields_it_names_and_changes_the_definition()
    {
        using var dir = Tasks();
        var plain = TestLoad(dir, "name: b\nharnesses: [nop]\ntasks: [good]\ntimeouts: { agent: 5m }\n").Bench!;

        var forced = TestLoad(dir, "name: b\nharnesses: [nop]\ntasks: [good]\ntimeouts: { agent: 5m, override: true }\n").Bench!;

        Assert.Equal(new CellTimeouts(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(4)), forced.EffectiveTimeouts(forced.Tasks[0]));
        var registry = HarnessBench.Core.Harnesses.HarnessRegistry.CreateWithBuiltIns();
        Assert.NotEqual(Planner.Expand(plain, registry).Cells[0].DefinitionHash, Planner.Expand(forced, registry).Cells[0].DefinitionHash);
    }

    [Fact]
    public void Override_without_timeouts_is_an_error()
    {
        using var dir = Tasks();

        var load = TestLoad(dir, "name: b\nharnesses: [nop]\ntasks: [good]\ntimeouts: { override: true }\n");

        Assert.Contains(load.Errors, e => e.Message.Contains("without timeouts to apply", StringComparison.Ordinal));
    }

    private static BenchLoadResult TestLoad(TempDirectory dir, string yaml) =>
        BenchLoader.Load(dir.Write("bench.yaml", yaml), new BenchLoadOptions(HarnessBench.Core.Harnesses.HarnessRegistry.CreateWithBuiltIns().Names) { ProcessorCount = 2 });
}
