using System.Text.RegularExpressions;
using HarnessBench.Cli.Tests.Infrastructure;

namespace HarnessBench.Cli.Tests;

/// <summary>
/// `hbench tasks import` then `hbench tasks validate` as a user runs them, on Terminal-Bench fixtures
/// (tests/HarnessBench.Core.Tests/Fixtures/external-tasks, Apache 2.0): hello-world (the python
/// toolchain plus an environment) and polyglot-c-py (python + c-cpp combined) validate through the
/// real pipeline, hack gate included; csv-to-parquet, whose tests need pyarrow (no Debian package),
/// is unavailable where the Python package index is unreachable, once per task and without
/// failing the other tasks' cells, and valid where it is reachable.
/// </summary>
[Collection(OneSweepAtATime.Name)]
public sealed class TaskImportTests
{
    private const string IndexUrl = "https://pypi.org/simple/pyarrow/";

    private static string Fixture(string id) =>
        Path.Combine(RepoPaths.Root, "tests", "HarnessBench.Core.Tests", "Fixtures", "external-tasks", "terminal-bench-v1", id);

    [DockerFact]
    public async Task Imported_terminal_bench_tasks_validate_through_the_real_pipeline()
    {
        await using var sandbox = new BenchSandbox("import");
        var home = Home(sandbox);
        var into = Path.Combine(sandbox.Root, "imported");

        // tb-git-commit (synthetic): a git repository made at build time in the working directory.
        var git = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Fixture("hello-world")))!, "synthetic", "tb-git-commit");
        using var import = await CliProcess.RunAsync(home, ["tasks", "import", Fixture("hello-world"), Fixture("polyglot-c-py"), git, "--into", into], TimeSpan.FromMinutes(1),
            new Dictionary<string, string?> { ["HBENCH_HOME"] = home });
        Assert.True(import.ExitCode == 0, import.Describe());
        Assert.Contains("3 task(s): 3 imported", import.Stdout, StringComparison.Ordinal);
        Assert.Contains("toolchain: [python, c-cpp]", File.ReadAllText(Path.Combine(into, "polyglot-c-py", "task.yaml")), StringComparison.Ordinal);

        using var validate = await ValidateAsync(home, into, ["hello-world", "polyglot-c-py", "tb-git-commit"], hacks: true);

        var message = validate.Describe();
        Assert.True(validate.ExitCode == 0, message);
        foreach (var task in new[] { "hello-world", "polyglot-c-py", "tb-git-commit" })
        {
            var row = new Regex($@"^{Regex.Escape(task)}\s+ok pass\s+ok fail\s+\(imported\)\s+ok (\d+)/\1\s+ok \d+/\d+\s+\d+\.\d\s*$", RegexOptions.Multiline);
            Assert.True(row.IsMatch(validate.Stdout), $"no valid row for {task}\n{message}");
        }
        Assert.Contains("all 3 task(s) valid", validate.Stdout, StringComparison.Ordinal);
        // The nop cell fails for the task's own reason: its tests ran and found no hello.txt.
        var nopLog = Directory.EnumerateFiles(Path.Combine(home, "results", "_validate"), "grader.stdout.log", SearchOption.AllDirectories)
            .Single(p => p.Contains("none__nop__hello-world__r1", StringComparison.Ordinal));
        Assert.Contains("FAIL test_outputs.py::test_hello_file_exists", File.ReadAllText(nopLog), StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task A_task_whose_environment_cannot_be_built_here_is_unavailable_and_the_others_still_run()
    {
        await using var sandbox = new BenchSandbox("import-unavailable");
        var home = Home(sandbox);
        var into = Path.Combine(sandbox.Root, "imported");
        using var import = await CliProcess.RunAsync(home, ["tasks", "import", Fixture("csv-to-parquet"), Fixture("hello-world"), "--into", into, "--json"], TimeSpan.FromMinutes(1),
            new Dictionary<string, string?> { ["HBENCH_HOME"] = home });
        Assert.True(import.ExitCode == 0, import.Describe());
        Assert.Contains("\"needs_python_index\":[\"pyarrow==20.0.0\"]", import.Stdout, StringComparison.Ordinal);

        using var validate = await ValidateAsync(home, into, ["csv-to-parquet", "hello-world"], hacks: false);
        var reachable = await PackageIndexReachableAsync();

        var message = $"package index reachable: {reachable}\n{validate.Describe()}";
        Assert.True(validate.ExitCode == 0, message);
        Assert.Matches(new Regex(@"^hello-world\s+ok pass\s+ok fail", RegexOptions.Multiline), validate.Stdout);
        var results = ResultsFile.Read(Directory.EnumerateFiles(Path.Combine(home, "results", "_validate"), "results.jsonl", SearchOption.AllDirectories).Single());
        var csv = results.Latest.Values.Where(l => l.CellId.Contains("csv-to-parquet", StringComparison.Ordinal)).ToList();
        Assert.True(csv.Count == 2, message);
        if (!reachable)
        {
            Assert.Matches(new Regex(@"^csv-to-parquet\s+unavailable here: task 'csv-to-parquet' is unavailable here: its image could not be built \(hbench: cannot install pyarrow==20\.0\.0", RegexOptions.Multiline), validate.Stdout);
            Assert.Contains("1 task(s) unavailable here", validate.Stdout, StringComparison.Ordinal);
            Assert.All(csv, l => Assert.True(l.Verdict == "error" && l.ErrorKind == "task-unavailable", message));
            // The failing build ran once: the second cell failed at once with the remembered reason.
            Assert.Contains(csv, l => l.Json.GetProperty("timings").GetProperty("total_ms").GetInt64() < 5000);
        }
        else
        {
            Assert.Matches(new Regex(@"^csv-to-parquet\s+ok pass\s+ok fail", RegexOptions.Multiline), validate.Stdout);
        }
    }

    // validate writes under <home>/results/_validate/: a home of its own whose other entries are the checkout's.
    private static string Home(BenchSandbox sandbox)
    {
        var home = Path.Combine(sandbox.Root, "home");
        Directory.CreateDirectory(home);
        foreach (var entry in Directory.EnumerateFileSystemEntries(RepoPaths.Root))
        {
            var name = Path.GetFileName(entry);
            if (name is not ("results" or ".git" or ".hbench")) File.CreateSymbolicLink(Path.Combine(home, name), entry);
        }
        return home;
    }

    private static async Task<CliProcess> ValidateAsync(string home, string tasksDirectory, string[] tasks, bool hacks)
    {
        var validate = CliProcess.Start(home, ["tasks", "validate", "--tasks-dir", tasksDirectory, .. tasks, .. hacks ? Array.Empty<string>() : ["--no-hacks"]],
            new Dictionary<string, string?> { ["HBENCH_HOME"] = home });
        try
        {
            // A cap against a hang: cold task images (apt installs) take a few minutes on 2 cores.
            await validate.WaitForExitAsync(TimeSpan.FromMinutes(15));
        }
        finally
        {
            validate.Stop();
            using var engine = EngineApi.FromEnvironment();
            foreach (var run in Directory.Exists(Path.Combine(home, "results", "_validate")) ? Directory.EnumerateDirectories(Path.Combine(home, "results", "_validate")) : [])
                await engine.RemoveBenchRunAsync(Path.GetFileName(run));
        }
        return validate;
    }

    /// <summary>Fetches the index page from a container of the python toolchain image, where the environment's pip runs.</summary>
    private static async Task<bool> PackageIndexReachableAsync()
    {
        var images = await HostCommand.RunAsync(TimeSpan.FromMinutes(1), "docker", "image", "ls", "hbench/python", "--format", "{{.Repository}}:{{.Tag}}");
        var image = images.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        Assert.True(images.ExitCode == 0 && image is not null, $"no hbench/python image to probe from: {images}");
        var probe = await HostCommand.RunAsync(TimeSpan.FromMinutes(2), "docker", "run", "--rm", image!, "python3", "-c",
            $"import urllib.request; urllib.request.urlopen('{IndexUrl}', timeout=30).read(1); print('reachable')");
        return probe.ExitCode == 0 && probe.Stdout.Contains("reachable", StringComparison.Ordinal);
    }
}
