using System.Text.Json;
using HarnessBench.Core.Config;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Tasks;
using HarnessBench.Core.Tests.Support;

namespace HarnessBench.Core.Tests.Config;

public class BenchLoaderTests
{
    private static readonly BenchLoadOptions Options = new(HarnessRegistry.CreateWithBuiltIns().Names)
    {
        KnownToolchains = Fixtures.Toolchains,
        ProcessorCount = 8,
    };

    [Fact]
    public void Valid_bench_becomes_immutable_records_with_every_setting()
    {
        var result = BenchLoader.Load(Fixtures.File("valid", "bench.yaml"), Options);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var bench = result.Bench;
        Assert.Equal("demo", bench.Name);
        Assert.Equal("demo-run", bench.RunName);
        Assert.Equal(Fixtures.File("valid", "out"), bench.ResultsDirectory);
        Assert.Equal(Fixtures.File("valid", "out", "demo-run"), bench.RunDirectory);
        Assert.Equal(Fixtures.File("valid", "tasks"), bench.TasksDirectory);
        Assert.Equal(["oracle", "nop"], bench.Harnesses);
        Assert.Equal(2, bench.Repeats);
        Assert.Equal(3, bench.Concurrency);
        Assert.Equal(new CellTimeouts(TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(90)), bench.Timeouts);
        Assert.Equal(new Runtime.SandboxLimits(2, 1536L << 20, 256, 64L << 20), bench.Limits);
        Assert.Equal(["hello-py", "sql-join", "sum-rs"], bench.Tasks.Select(t => t.Id));
    }

    [Fact]
    public void Models_keep_kind_free_form_settings_and_metadata()
    {
        var bench = BenchLoader.Load(Fixtures.File("valid", "bench.yaml"), Options).Bench!;

        var scripted = bench.Models[0];
        Assert.Equal(("scripted-solver", ModelKinds.Scripted), (scripted.Name, scripted.Kind));
        Assert.Equal("scripts/demo.yaml", scripted.GetSetting("script"));
        Assert.StartsWith("sha256:", scripted.SourceHash, StringComparison.Ordinal);
        Assert.Equal("scripted", scripted.Metadata.Family);

        var qwen = bench.Models[1];
        Assert.Equal(ModelKinds.OpenAi, qwen.Kind);
        Assert.Equal("http://127.0.0.1:8080/v1", qwen.GetSetting("base_url"));
        Assert.Equal("LOCAL_KEY", qwen.GetSetting("api_key_env"));
        Assert.Equal(0.2, qwen.Settings.GetProperty("temperature").GetDouble());
        var extra = qwen.Settings.GetProperty("extra");
        Assert.Equal(20, extra.GetProperty("top_k").GetInt32());
        Assert.Equal(JsonValueKind.True, extra.GetProperty("stream").ValueKind);
        Assert.Equal("END", extra.GetProperty("stop")[0].GetString());
        Assert.Equal(JsonValueKind.String, extra.GetProperty("label").ValueKind); // quoted "0.5" stays a string
        Assert.Equal(new ModelMetadata("qwen3", "30b", "q4_k_m", new ModelPrices(0.1m, 0.4m)), qwen.Metadata);
        Assert.Null(qwen.SourceHash);
    }

    [Fact]
    public void Tasks_are_read_with_overrides_prompt_files_and_content_hashes()
    {
        var bench = BenchLoader.Load(Fixtures.File("valid", "bench.yaml"), Options).Bench!;

        var hello = bench.Tasks.Single(t => t.Id == "hello-py");
        Assert.Equal(("Say hello in Python", Difficulty.Easy, "python", "basics"), (hello.Title, hello.Difficulty, hello.Toolchain, hello.Category));
        Assert.Equal("Write hello.py that prints \"hello\".\n", hello.Prompt);
        Assert.Equal(["python", "starter"], hello.Tags);
        Assert.Equal(TimeSpan.FromMinutes(5), hello.AgentTimeout);
        Assert.Null(hello.GraderTimeout);
        Assert.Equal(new TaskResources(null, 512L << 20, 128), hello.Resources);
        Assert.Equal(TimeSpan.FromMinutes(2), hello.ExpectedAgentTime);
        Assert.Equal("needs python3 and pytest", hello.SetupNotes);
        Assert.Matches("^sha256:[0-9a-f]{64}$", hello.ContentHash);

        var sum = bench.Tasks.Single(t => t.Id == "sum-rs");
        Assert.Equal("Write a Rust program that sums the numbers on stdin.\n", sum.Prompt);
        Assert.Equal(["rust"], sum.Tags);
        Assert.NotEqual(hello.ContentHash, sum.ContentHash);
    }

    [Fact]
    public void Minimal_bench_gets_defaults_and_every_task()
    {
        var bench = BenchLoader.Load(Fixtures.File("valid", "minimal.yaml"), Options).Bench!;

        Assert.Equal("minimal", bench.RunName);
        Assert.Equal(Fixtures.File("valid", "results"), bench.ResultsDirectory);
        Assert.Equal(1, bench.Repeats);
        Assert.Equal(4, bench.Concurrency); // half of ProcessorCount = 8
        Assert.Equal(CellTimeouts.Default, bench.Timeouts);
        Assert.Equal(Runtime.SandboxLimits.Default, bench.Limits);
        Assert.Equal(["extra-node", "hello-py", "sql-join", "sum-rs"], bench.Tasks.Select(t => t.Id)); // _shared and .hidden ignored
        Assert.True(bench.Tasks.Single(t => t.Id == "extra-node").HasWrongSolution);
    }

    [Fact]
    public void Every_bench_error_is_reported_at_once_on_its_line()
    {
        var file = Fixtures.File("valid", "all-errors.yaml");

        var result = BenchLoader.Load(file, Options);

        Assert.False(result.Succeeded);
        Assert.Null(result.Bench);
        Fixtures.AssertErrorsMatch(result.Errors, [.. Fixtures.Expectations(file)]);
        Assert.Equal(29, result.Errors.Count);
        Assert.Equal(result.Errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column), result.Errors);
    }

    [Fact]
    public void Errors_point_at_the_offending_value_column()
    {
        var file = Fixtures.File("valid", "all-errors.yaml");
        var errors = BenchLoader.Load(file, Options).Errors;

        var harness = errors.Single(e => e.Message == "unknown harness 'orcale'");
        Assert.Equal(new SourceLocation(file, 31, 5), harness.Location);
        Assert.Equal("did you mean 'oracle'? known harnesses: bare, nop, oracle, single-shot", harness.Hint);
        var duration = errors.Single(e => e.Message.Contains("'timeouts.agent'", StringComparison.Ordinal));
        Assert.Equal(new SourceLocation(file, 43, 10), duration.Location);
        Assert.Equal($"{file}:43:10: error: 'timeouts.agent' is not a valid duration: '5 minutes'\n    hint: use 5m ({DurationText.Help})", duration.ToString());
    }

    [Fact]
    public void Every_task_error_is_reported_and_only_the_selected_tasks_errors_block_the_bench()
    {
        var dir = Fixtures.File("broken");
        var expected = Directory.EnumerateFiles(Path.Combine(dir, "tasks"), "task.yaml", SearchOption.AllDirectories)
            .SelectMany(Fixtures.Expectations)
            .Append((Path.Combine(dir, "tasks", "orphan-dir", "task.yaml"), 1, "has no task.yaml"))
            .ToList();

        var result = BenchLoader.Load(Path.Combine(dir, "bench.yaml"), Options);

        Fixtures.AssertErrorsMatch([.. result.Errors, .. result.Warnings], expected);
        Assert.DoesNotContain(result.Errors, e => e.Message.Contains("matches no task", StringComparison.Ordinal));
        // The bench selects no-tests (broken) and good: only no-tests' errors block it; the others are warnings.
        Assert.All(result.Errors, e => Assert.Contains(Path.Combine("tasks", "no-tests"), e.Location.File, StringComparison.Ordinal));
        Assert.NotEmpty(result.Errors);
        Assert.All(result.Warnings, w => Assert.Contains("is not selected by this bench", w.Hint, StringComparison.Ordinal));
    }

    [Fact]
    public void Malformed_yaml_is_one_error_with_its_position()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("bench.yaml", "name: x\nmodels:\n  - name: a\n    scripted: [unclosed\nharnesses: [oracle]\n");

        var errors = BenchLoader.Load(file, Options).Errors;

        var error = Assert.Single(errors);
        Assert.StartsWith("malformed YAML: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Line:", error.Message, StringComparison.Ordinal);
        Assert.Equal(file, error.Location.File);
        Assert.InRange(error.Location.Line, 4, 5);
        Assert.NotNull(error.Hint);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("# only a comment\n", "the file is empty")]
    [InlineData("- a\n- b\n", "bench.yaml must be a mapping of settings, not a list")]
    [InlineData("name: a\n---\nname: b\n", "only one YAML document is allowed")]
    [InlineData("name: a\nmodels: *nowhere\n", "malformed YAML")]
    public void Unusable_documents_give_one_clear_error(string yaml, string message)
    {
        using var dir = new TempDirectory();
        var file = dir.Write("bench.yaml", yaml);

        var error = Assert.Single(BenchLoader.Load(file, Options).Errors);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_bench_file_is_an_error_not_an_exception()
    {
        var error = Assert.Single(BenchLoader.Load("/nonexistent/bench.yaml", Options).Errors);
        Assert.Equal(("file not found", 1), (error.Message, error.Location.Line));
    }

    [Fact]
    public void Missing_required_keys_and_tasks_directory_are_all_reported()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("bench.yaml", "run: r\n");

        var messages = BenchLoader.Load(file, Options).Errors.Select(e => e.Message).ToList();

        Assert.Equal(
            ["missing required key 'harnesses'", "missing required key 'name'", $"tasks directory '{dir.Combine("tasks")}' not found"],
            messages.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_bench_without_models_runs_its_built_in_harnesses_under_the_model_none()
    {
        using var dir = new TempDirectory();
        TestBench.WriteTask(dir, "t1");
        var file = dir.Write("bench.yaml", "name: x\nharnesses: [oracle, nop]\n");

        var load = BenchLoader.Load(file, Options);

        Assert.True(load.Succeeded, string.Join("\n", load.Errors));
        var model = Assert.Single(load.Bench!.Models);
        Assert.Equal(("none", ModelKinds.None), (model.Name, model.Kind));
    }

    [Fact]
    public void Harnesses_registered_by_the_caller_are_accepted_and_listed()
    {
        using var dir = new TempDirectory();
        TestBench.WriteTask(dir, "t1");
        dir.Write("s.yaml", "steps: []");
        var file = dir.Write("bench.yaml", "name: x\nmodels: [{ name: m, scripted: s.yaml }]\nharnesses: [aider, claude]\n");

        var known = new HashSet<string> { "oracle", "nop", "aider" };
        var errors = BenchLoader.Load(file, new BenchLoadOptions(known)).Errors;

        var error = Assert.Single(errors);
        Assert.Equal("unknown harness 'claude'", error.Message);
        Assert.Equal("known harnesses: aider, nop, oracle", error.Hint);
    }

    [Fact]
    public void Aliases_and_anchors_are_resolved()
    {
        using var dir = new TempDirectory();
        TestBench.WriteTask(dir, "t1");
        dir.Write("s.yaml", "steps: []");
        var file = dir.Write("bench.yaml", "name: x\nmodels: [{ name: m, scripted: &s s.yaml }, { name: n, scripted: *s }]\nharnesses: [nop]\n");

        var result = BenchLoader.Load(file, Options);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal("s.yaml", result.Bench.Models[1].GetSetting("script"));
    }
}
