using System.Text.Json;
using HarnessBench.Core.Config;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Tests.Support;

namespace HarnessBench.Core.Tests.Planning;

public class PlannerTests
{
    private static Bench Valid() => BenchLoader.Load(Fixtures.File("valid", "bench.yaml"),
        new BenchLoadOptions(HarnessRegistry.CreateWithBuiltIns().Names)).Bench!;

    [Fact]
    public void Cells_are_ordered_model_then_harness_then_task_then_repeat()
    {
        var plan = Planner.Expand(Valid(), HarnessRegistry.CreateWithBuiltIns());

        Assert.Equal(2 * 2 * 3 * 2, plan.Cells.Count);
        Assert.Equal("demo-run", plan.RunName);
        Assert.Equal(
        [
            "scripted-solver__oracle__hello-py__r1", "scripted-solver__oracle__hello-py__r2",
            "scripted-solver__oracle__sql-join__r1", "scripted-solver__oracle__sql-join__r2",
            "scripted-solver__oracle__sum-rs__r1", "scripted-solver__oracle__sum-rs__r2",
            "scripted-solver__nop__hello-py__r1",
        ], plan.Cells.Take(7).Select(c => c.Id.Value));
        Assert.Equal("qwen3-coder__nop__sum-rs__r2", plan.Cells[^1].Id.Value);
        var groups = plan.ByModel();
        Assert.Equal(["scripted-solver", "qwen3-coder"], groups.Select(g => g.Model.Name));
        Assert.All(groups, g => Assert.Equal(12, g.Cells.Count));
        Assert.Equal(plan.Cells.Select(c => c.Id.Value).Distinct().Count(), plan.Cells.Count);
    }

    [Fact]
    public void Task_timeouts_and_resources_override_bench_defaults_field_by_field()
    {
        var cells = Planner.Expand(Valid(), HarnessRegistry.CreateWithBuiltIns()).Cells;

        var hello = cells.First(c => c.Task.Id == "hello-py");
        Assert.Equal(new CellTimeouts(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(90)), hello.Timeouts);
        Assert.Equal(new Runtime.SandboxLimits(2, 512L << 20, 128, 64L << 20), hello.Limits);
        var sql = cells.First(c => c.Task.Id == "sql-join");
        Assert.Equal(new CellTimeouts(TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(3)), sql.Timeouts);
        Assert.Equal(new Runtime.SandboxLimits(0.5, 1536L << 20, 256, 64L << 20), sql.Limits);
    }

    [Theory]
    [InlineData("Qwen3:30B@Q4", "oracle", "hello_world", 3, "qwen3-30b-q4__oracle__hello-world__r3")]
    [InlineData("a__b", "nop", "t", 1, "a-b__nop__t__r1")]
    [InlineData("../../etc", "nop", "t", 1, "etc__nop__t__r1")]
    [InlineData("???", "nop", "t", 12, "x__nop__t__r12")]
    public void Cell_ids_are_slugged_and_path_safe(string model, string harness, string task, int repeat, string expected)
    {
        var id = CellId.Create(model, harness, task, repeat);

        Assert.Equal(expected, id.Value);
        Assert.Matches("^[a-z0-9.-]+(__[a-z0-9.-]+){2}__r[0-9]+$", id.Value);
        Assert.Equal(id.Value, id.Folder);
    }

    [Fact]
    public void Very_long_ids_get_a_short_unique_folder()
    {
        var a = CellId.Create(new string('a', 200), "oracle", "task", 1);
        var b = CellId.Create(new string('a', 200), "oracle", "task", 2);

        Assert.Equal(120, a.Folder.Length);
        Assert.NotEqual(a.Folder, b.Folder);
        Assert.Equal(a.Folder, CellId.Create(new string('a', 200), "oracle", "task", 1).Folder);
        Assert.Matches("^[a-z0-9.-]+-[0-9a-f]{8}$", a.Folder);
    }

    [Fact]
    public void Definition_hash_is_stable_and_shared_by_repeats()
    {
        var first = Planner.Expand(Valid(), HarnessRegistry.CreateWithBuiltIns()).Cells;
        var second = Planner.Expand(Valid(), HarnessRegistry.CreateWithBuiltIns()).Cells;

        Assert.Equal(first.Select(c => c.DefinitionHash), second.Select(c => c.DefinitionHash));
        Assert.All(first, c => Assert.Matches("^sha256:[0-9a-f]{64}$", c.DefinitionHash));
        Assert.Equal(first[0].DefinitionHash, first[1].DefinitionHash); // r1 and r2 of the same cell
        Assert.Equal(first.Count / 2, first.Select(c => c.DefinitionHash).Distinct().Count());
    }

    [Fact]
    public void Definition_hash_changes_with_what_runs_and_not_with_descriptions()
    {
        var bench = Valid();
        string Hash(Bench b, HarnessRegistry? r = null) => Planner.Expand(b, r ?? HarnessRegistry.CreateWithBuiltIns()).Cells[0].DefinitionHash;
        var model = bench.Models[0];
        var task = bench.Tasks[0];
        var baseline = Hash(bench);

        Assert.NotEqual(baseline, Hash(bench with { Models = [model with { Settings = JsonDocument.Parse("""{"script":"other.yaml"}""").RootElement }] }));
        Assert.NotEqual(baseline, Hash(bench with { Models = [model with { SourceHash = "sha256:changed" }] }));
        Assert.NotEqual(baseline, Hash(bench with { Tasks = [task with { ContentHash = "sha256:changed" }] }));
        Assert.NotEqual(baseline, Hash(bench with { Tasks = [task with { AgentTimeout = TimeSpan.FromMinutes(6) }] }));
        Assert.NotEqual(baseline, Hash(bench with { Limits = bench.Limits with { Cpus = 3 } }));
        Assert.NotEqual(baseline, Hash(bench with { Timeouts = bench.Timeouts with { Grader = TimeSpan.FromSeconds(91) } }));
        var versioned = new HarnessRegistry().Add(new VersionedHarness("oracle", "2.0")).Add(new VersionedHarness("nop", null));
        Assert.NotEqual(baseline, Hash(bench, versioned));

        Assert.Equal(baseline, Hash(bench with { Models = [model with { Metadata = ModelMetadata.Empty }] }));
        Assert.Equal(baseline, Hash(bench with { Repeats = 5, Concurrency = 1, Name = "renamed" }));
        Assert.Equal(baseline, Hash(bench with { Tasks = [task with { Title = "retitled", Tags = [] }] }));
    }

    [Fact]
    public void Settings_key_order_does_not_change_the_hash()
    {
        var bench = Valid();
        var model = bench.Models[1];
        var a = model with { Settings = JsonDocument.Parse("""{"a":1,"b":{"x":true,"y":[1,2]}}""").RootElement };
        var b = model with { Settings = JsonDocument.Parse("""{"b":{"y":[1,2],"x":true},"a":1}""").RootElement };
        var c = model with { Settings = JsonDocument.Parse("""{"b":{"y":[2,1],"x":true},"a":1}""").RootElement };
        string Hash(ModelSpec m) => Planner.Expand(bench with { Models = [m] }, HarnessRegistry.CreateWithBuiltIns()).Cells[0].DefinitionHash;

        Assert.Equal(Hash(a), Hash(b));
        Assert.NotEqual(Hash(a), Hash(c));
    }

    private sealed class VersionedHarness(string name, string? version) : IHarness
    {
        public string Name => name;

        public string? Version => version;

        public HarnessInvocation CreateInvocation(HarnessContext context) => new(["true"]);
    }
}
