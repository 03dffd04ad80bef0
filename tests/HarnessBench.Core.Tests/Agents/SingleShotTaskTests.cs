using HarnessBench.Core.Config;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Tasks;
using HarnessBench.Core.Tests.Support;

namespace HarnessBench.Core.Tests.Agents;

public sealed class SingleShotTaskTests
{
    private const string SingleShotYaml = "mode: single-shot\nsingle_shot: { file: answer.txt }";

    [Fact]
    public void A_single_shot_task_loads_with_its_answer_file()
    {
        using var dir = new TempDirectory();
        TestBench.WriteTask(dir, "ss", SingleShotYaml);

        var result = TaskRepository.Load(dir.Combine("tasks"));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(new SingleShotAnswer("answer.txt"), Assert.Single(result.Tasks).SingleShot);
    }

    [Theory]
    [InlineData("mode: one-shot", 10, "'mode' must be agent or single-shot, not 'one-shot'")]
    [InlineData("mode: single-shot", 10, "a single-shot task needs the file its answer goes to")]
    [InlineData("single_shot: { file: answer.txt }", 10, "'single_shot' is set but the task's mode is agent")]
    [InlineData("mode: single-shot\nsingle_shot: { file: ../escape.py }", 11, "single_shot.file '../escape.py' must be a relative path inside the workspace")]
    [InlineData("mode: single-shot\nsingle_shot: { file: /abs.py }", 11, "single_shot.file '/abs.py' must be a relative path inside the workspace")]
    [InlineData("mode: single-shot\nsingle_shot: { file: other.py }", 11, "single_shot.file 'other.py' has no reference answer: solution/other.py is missing")]
    [InlineData("mode: single-shot\nsingle_shot: { path: answer.txt }", 11, "unknown key 'path' in single_shot")]
    public void Bad_single_shot_settings_are_errors_with_file_and_line(string yaml, int line, string message)
    {
        using var dir = new TempDirectory();
        TestBench.WriteTask(dir, "ss", yaml);

        var result = TaskRepository.Load(dir.Combine("tasks"));

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors, e => e.Message.StartsWith(message, StringComparison.Ordinal));
        Assert.EndsWith(Path.Combine("ss", "task.yaml"), error.Location.File, StringComparison.Ordinal);
        Assert.Equal(line, error.Location.Line);
    }

    [Fact]
    public void Single_shot_tasks_run_once_per_model_under_the_pseudo_harness_and_as_they_are_under_reference_harnesses()
    {
        using var dir = new TempDirectory();
        TestBench.WriteTask(dir, "agentic");
        TestBench.WriteTask(dir, "ss", SingleShotYaml);
        var bench = TestBench.Load(dir, "name: b\nmodels:\n  - name: m1\n    scripted: scripts/demo.yaml\n  - name: m2\n    scripted: scripts/demo.yaml\nharnesses: [oracle, bare, nop]\n");

        var plan = Planner.Expand(bench, HarnessRegistry.CreateWithBuiltIns());

        var names = plan.Cells.Select(c => $"{c.Model.Name}/{c.Harness}/{c.Task.Id}").ToList();
        Assert.Equal(
        [
            "m1/oracle/agentic", "m1/oracle/ss", "m1/bare/agentic", "m1/single-shot/ss", "m1/nop/agentic", "m1/nop/ss",
            "m2/oracle/agentic", "m2/oracle/ss", "m2/bare/agentic", "m2/single-shot/ss", "m2/nop/agentic", "m2/nop/ss",
        ], names);
    }

    [Fact]
    public void Bare_cells_carry_the_bench_settings_in_their_version_and_definition()
    {
        using var dir = new TempDirectory();
        TestBench.WriteTask(dir, "t1");
        var yaml = "name: b\nmodels:\n  - name: m1\n    scripted: scripts/demo.yaml\nharnesses: [bare]\n";
        var defaults = Planner.Expand(TestBench.Load(dir, yaml), HarnessRegistry.CreateWithBuiltIns()).Cells.Single();
        var custom = Planner.Expand(TestBench.Load(dir, yaml + "bare: { max_turns: 4, command_timeout: 30s }\n"), HarnessRegistry.CreateWithBuiltIns()).Cells.Single();

        Assert.Equal(BareOptions(10, 120), defaults.Bare);
        Assert.Equal("max_turns=10,command_timeout=120s", defaults.HarnessVersion);
        Assert.Equal(BareOptions(4, 30), custom.Bare);
        Assert.NotEqual(defaults.DefinitionHash, custom.DefinitionHash);
    }

    [Theory]
    [InlineData("bare: { max_turns: 0 }", "'bare.max_turns'")]
    [InlineData("bare: { max_turns: 5, turns: 3 }", "unknown key 'turns' in bare")]
    [InlineData("bare: { command_timeout: soon }", "'bare.command_timeout' is not a valid duration")]
    public void Bad_bare_settings_are_errors_with_a_line(string yaml, string message)
    {
        using var dir = new TempDirectory();
        TestBench.WriteTask(dir, "t1");
        dir.Write("scripts/demo.yaml", "steps: []\n");
        var path = dir.Write("bench.yaml", $"name: b\nmodels: [{{ name: m, scripted: scripts/demo.yaml }}]\nharnesses: [bare]\n{yaml}\n");

        var result = BenchLoader.Load(path, new BenchLoadOptions(HarnessRegistry.CreateWithBuiltIns().Names));

        var error = Assert.Single(result.Errors);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(4, error.Location.Line);
    }

    [Fact]
    public void Bare_without_any_model_is_an_error_on_the_harness()
    {
        using var dir = new TempDirectory();
        TestBench.WriteTask(dir, "t1");
        var path = dir.Write("bench.yaml", "name: b\nharnesses:\n  - oracle\n  - bare\n");

        var result = BenchLoader.Load(path, new BenchLoadOptions(HarnessRegistry.CreateWithBuiltIns().Names));

        var error = Assert.Single(result.Errors);
        Assert.Equal("harness 'bare' needs a model to talk to, and the bench has no 'models'", error.Message);
        Assert.Equal((4, 5), (error.Location.Line, error.Location.Column));
    }

    private static Core.Agents.BareOptions BareOptions(int turns, int seconds) => new(turns, TimeSpan.FromSeconds(seconds));
}
