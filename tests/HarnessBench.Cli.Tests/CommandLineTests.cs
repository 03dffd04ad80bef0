using System.Text.Json;
using System.Xml.Linq;
using HarnessBench.Cli.Tests.Infrastructure;

namespace HarnessBench.Cli.Tests;

/// <summary>
/// The command line as a first-time user meets it: every bad command line is exit 2 with a message
/// (never 70 and silence), the listing and scaffolding commands, --dry-run, --only, --limit, --json,
/// --junit and `hbench show`.
/// </summary>
[Collection(OneSweepAtATime.Name)]
public sealed class CommandLineTests
{
    public static TheoryData<string[], string> BadCommandLines => new()
    {
        { ["run", "-j", "0"], "--concurrency must be a whole number of at least 1, not '0'" },
        { ["run", "-j", "-1"], "--concurrency must be a whole number of at least 1" },
        { ["run", "--run", "../x"], "--run '../x' contains a path separator" },
        { ["run", "--run", ".hidden"], "starts with '.' or '_'" },
        { ["run", "--bogus"], "unknown option '--bogus'" },
        { ["run", "--only", "mdl=x"], "--only: 'mdl=x' is not KEY=GLOB" },
        { ["run", "--allow-changed", "--keep-changed"], "contradict each other" },
        { ["run", "--limit", "0"], "--limit must be a whole number of at least 1" },
        { ["tasks", "validate", "-j", "0"], "--concurrency must be a whole number" },
        { ["nosuch"], "Unrecognized command or argument 'nosuch'" },
        { ["show"], "Required argument missing" },
    };

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public async Task A_bad_command_line_is_exit_2_with_what_was_wrong(string[] args, string message)
    {
        await using var sandbox = new BenchSandbox("badargs");
        sandbox.WriteScriptTask("quick", "echo ok > done.txt\n");
        sandbox.WriteBench(["quick"]);

        using var run = await CliProcess.RunAsync(sandbox.Root, args, TimeSpan.FromMinutes(2));

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--help", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(sandbox.Root, "x")), "--run ../x escaped results/");
        Assert.False(Directory.Exists(sandbox.RunDirectory), "a refused command line ran something");
    }

    [Fact]
    public async Task An_unwritable_results_folder_is_exit_2_naming_the_folder_and_the_fix()
    {
        await using var sandbox = new BenchSandbox("readonly");
        sandbox.WriteScriptTask("quick", "echo ok > done.txt\n");
        sandbox.WriteBench(["quick"]);
        // A file where the results folder should be: no user, root included, can create a directory there.
        sandbox.Write("results", "not a folder");

        using var run = await CliProcess.RunAsync(sandbox.Root, ["run", "--plain"], TimeSpan.FromMinutes(2));

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains("cannot write the run folder", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Fix:", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tasks_and_harnesses_are_listed_as_tables_and_json()
    {
        using var tasks = await CliProcess.RunAsync(RepoPaths.Root, ["tasks", "list", "--json"], TimeSpan.FromMinutes(2));
        using var filtered = await CliProcess.RunAsync(RepoPaths.Root, ["tasks", "list", "--language", "rust"], TimeSpan.FromMinutes(2));
        using var harnesses = await CliProcess.RunAsync(RepoPaths.Root, ["harnesses", "list", "--json"], TimeSpan.FromMinutes(2));

        Assert.True(tasks.ExitCode == 0, tasks.Describe());
        using var json = JsonDocument.Parse(tasks.Stdout);
        var ids = json.RootElement.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToList();
        Assert.Equal(Directory.EnumerateDirectories(RepoPaths.Tasks).Select(Path.GetFileName).Where(n => !n!.StartsWith('_')).Order(StringComparer.Ordinal), ids);
        Assert.All(json.RootElement.GetProperty("tasks").EnumerateArray(), t => Assert.True(t.GetProperty("checks").GetInt32() > 0));
        Assert.Equal(["rust-csv-fields", "rust-roman"], filtered.Stdout.Split('\n').Where(l => l.StartsWith("rust-", StringComparison.Ordinal)).Select(l => l.Split(' ')[0]));
        Assert.Contains("2 task(s)", filtered.Stdout, StringComparison.Ordinal);
        using var listed = JsonDocument.Parse(harnesses.Stdout);
        var byName = listed.RootElement.EnumerateArray().ToDictionary(h => h.GetProperty("name").GetString()!, h => h);
        Assert.Equal("agent CLI", byName["claude"].GetProperty("kind").GetString());
        Assert.False(string.IsNullOrEmpty(byName["claude"].GetProperty("version").GetString()));
        Assert.Equal("reference (no model)", byName["oracle"].GetProperty("kind").GetString());
        Assert.Equal("built-in agent loop", byName["bare"].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Init_writes_a_bench_that_loads_and_a_dry_run_lists_its_cells()
    {
        await using var sandbox = new BenchSandbox("init");
        foreach (var task in new[] { "py-word-freq", "sql-top-customers" }) sandbox.CopyShippedTask(task);
        using var init = await CliProcess.RunAsync(sandbox.Root, ["init", "--openai", "http://127.0.0.1:9/v1", "--model", "qwen3-coder", "--api-key-env", "MY_KEY"], TimeSpan.FromMinutes(2));
        using var again = await CliProcess.RunAsync(sandbox.Root, ["init"], TimeSpan.FromMinutes(2));

        Assert.True(init.ExitCode == 0, init.Describe());
        var yaml = File.ReadAllText(Path.Combine(sandbox.Root, "my-bench.yaml"));
        Assert.Contains("base_url: http://127.0.0.1:9/v1", yaml, StringComparison.Ordinal);
        Assert.Contains("api_key_env: MY_KEY", yaml, StringComparison.Ordinal);
        Assert.True(again.ExitCode == 2 && again.Stderr.Contains("--force", StringComparison.Ordinal), again.Describe());

        using var dry = await CliProcess.RunAsync(sandbox.Root, ["run", "my-bench.yaml", "--dry-run", "--only", "harness=claude|bare,task=py-*"], TimeSpan.FromMinutes(2));

        Assert.True(dry.ExitCode == 0, dry.Describe());
        Assert.Contains("qwen3-coder__claude__py-word-freq__r1  run       no result yet", dry.Stdout, StringComparison.Ordinal);
        Assert.Contains("qwen3-coder__bare__py-word-freq__r1", dry.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("sql-top-customers", dry.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 planned: 2 would run, 0 already done", dry.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(sandbox.Root, "results")), "a dry run wrote results");
    }

    [DockerFact]
    public async Task A_new_task_scaffold_validates_as_created_hack_gate_included()
    {
        await using var sandbox = new BenchSandbox("newtask");
        var home = Path.Combine(sandbox.Root, "home");
        Directory.CreateDirectory(Path.Combine(home, "tasks"));
        foreach (var entry in new[] { "containers", "harnesses", "scripts", "src", "Directory.Build.props", "Directory.Packages.props", "global.json", "bench.yaml" })
            File.CreateSymbolicLink(Path.Combine(home, entry), Path.Combine(RepoPaths.Root, entry));
        // A real copy: the grader library is copied into containers, and copies never follow symlinks.
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Tasks, "_lib")))
            sandbox.Write($"home/tasks/_lib/{Path.GetFileName(file)}", File.ReadAllText(file));
        var environment = new Dictionary<string, string?> { ["HBENCH_HOME"] = home };

        using var create = await CliProcess.RunAsync(home, ["tasks", "new", "py-reverse-words"], TimeSpan.FromMinutes(2), environment);
        using var duplicate = await CliProcess.RunAsync(home, ["tasks", "new", "py-reverse-words"], TimeSpan.FromMinutes(2), environment);
        using var validate = await CliProcess.RunAsync(home, ["tasks", "validate", "py-reverse-words"], TimeSpan.FromMinutes(10), environment);

        Assert.True(create.ExitCode == 0, create.Describe());
        Assert.True(duplicate.ExitCode == 2 && duplicate.Stderr.Contains("already exists", StringComparison.Ordinal), duplicate.Describe());
        Assert.True(validate.ExitCode == 0, validate.Describe());
        Assert.Matches(@"py-reverse-words\s+ok pass\s+ok fail\s+ok fail\s+ok 6/6", validate.Stdout);
    }

    [DockerFact]
    public async Task Run_slices_with_limit_reports_totals_json_and_junit_and_show_prints_a_cell()
    {
        await using var sandbox = new BenchSandbox("slices");
        foreach (var id in new[] { "a", "b", "c" }) sandbox.WriteScriptTask(id, "echo ok > done.txt\n");
        sandbox.WriteBench(["a", "b", "c"], harnesses: "[oracle, nop]");

        using var first = await CliProcess.RunAsync(sandbox.Root, ["run", "--plain", "--only", "harness=oracle", "--limit", "2"], TimeSpan.FromMinutes(5));
        using var second = await CliProcess.RunAsync(sandbox.Root, ["run", "--json", "--junit", "out/junit.xml"], TimeSpan.FromMinutes(5));
        using var show = await CliProcess.RunAsync(sandbox.Root, ["show", "none__nop__b__r1", "--run", Path.Combine("results", sandbox.RunName)], TimeSpan.FromMinutes(2));
        using var report = await CliProcess.RunAsync(sandbox.Root, ["report", Path.Combine("results", sandbox.RunName), "--out", "rep", "--json"], TimeSpan.FromMinutes(2));

        Assert.True(first.ExitCode == 0, first.Describe());
        Assert.Contains("sweep: 2 cell(s) to run, 0 already done, 1 left for later (--limit)", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("run totals: 2 of 3 cell(s) have a result: 2 pass, 0 fail, 0 error", first.Stdout, StringComparison.Ordinal);

        // --json: stdout is exactly one JSON document; the progress went to stderr.
        Assert.True(second.ExitCode == 0, second.Describe());
        using var summary = JsonDocument.Parse(second.Stdout);
        Assert.Equal(4, summary.RootElement.GetProperty("this_invocation").GetProperty("ran").GetInt32());
        Assert.Equal(2, summary.RootElement.GetProperty("this_invocation").GetProperty("skipped").GetInt32());
        var totals = summary.RootElement.GetProperty("run_totals");
        Assert.Equal((6, 3, 3), (totals.GetProperty("cells").GetInt32(), totals.GetProperty("passed").GetInt32(), totals.GetProperty("failed").GetInt32()));
        Assert.Contains("[4/4]", second.Stderr, StringComparison.Ordinal);

        var junit = XDocument.Load(Path.Combine(sandbox.Root, "out", "junit.xml"));
        Assert.Equal("6", junit.Root!.Attribute("tests")!.Value);
        Assert.Equal("3", junit.Root.Attribute("failures")!.Value);
        var failure = junit.Descendants("testcase").Single(t => t.Attribute("classname")!.Value == "none.nop" && t.Attribute("name")!.Value == "b r1").Element("failure");
        Assert.StartsWith("checks 0/1", failure!.Attribute("message")!.Value, StringComparison.Ordinal);

        Assert.True(show.ExitCode == 0, show.Describe());
        Assert.Contains("verdict   fail: checks 0/1", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("checks    0/1 passed", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("audit     ", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("bench.yaml", string.Join(",", Directory.EnumerateFiles(sandbox.RunDirectory).Select(Path.GetFileName)), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(sandbox.RunDirectory, "run.json")));

        // report --json: the figures of report.md as one JSON document; the written files named on stderr.
        Assert.True(report.ExitCode == 0, report.Describe());
        using var figures = JsonDocument.Parse(report.Stdout);
        Assert.True(File.Exists(figures.RootElement.GetProperty("files").GetProperty("html").GetString()));
        var validity = figures.RootElement.GetProperty("report").GetProperty("grader_validity").EnumerateArray().ToList();
        Assert.Equal(["a", "b", "c"], validity.Select(v => v.GetProperty("task").GetString()));
        Assert.All(validity, v => Assert.Equal(1.0, v.GetProperty("oracle").GetProperty("value").GetDouble()));
        Assert.Contains("report: ", report.Stderr, StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task Doctor_json_reports_the_live_engine_and_images()
    {
        await using var sandbox = new BenchSandbox("doctor-json");
        using var doctor = await CliProcess.RunAsync(sandbox.Root, ["doctor", "--json"], TimeSpan.FromMinutes(2));

        // Exit 0 (ready) or 1 (a problem such as low disk); never 4 with an engine, and always one JSON document.
        Assert.True(doctor.ExitCode is 0 or 1, doctor.Describe());
        using var found = JsonDocument.Parse(doctor.Stdout);
        var sections = found.RootElement.GetProperty("sections").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("items"));
        Assert.Equal("ok", sections["Docker engine"][0].GetProperty("status").GetString());
        Assert.Contains(sections["Images (tag = content hash of the recipe)"].EnumerateArray(), i => i.GetProperty("detail").GetString()!.StartsWith("python present hbench/python:", StringComparison.Ordinal));
        Assert.Equal(doctor.ExitCode == 0, found.RootElement.GetProperty("ready").GetBoolean());
    }
}
