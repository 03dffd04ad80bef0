using System.Text.RegularExpressions;
using HarnessBench.Cli.Tests.Infrastructure;

namespace HarnessBench.Cli.Tests;

/// <summary>
/// `hbench tasks validate` as a user runs it, on two shipped tasks of different toolchains: oracle
/// passes, nop and wrong fail, every hack attempt fails and is audited tamper, the budget fits; a row
/// per task, the same findings as JSON on stdout and as JUnit XML. (CI validates every shipped task with
/// the same command in scripts/test.sh.)
/// </summary>
public sealed class TasksValidateTests
{
    [DockerFact]
    public async Task Shipped_tasks_validate_with_one_ok_row_per_task()
    {
        await using var sandbox = new BenchSandbox("validate");
        // validate writes under <home>/results/_validate/: give it a home of its own whose every other
        // entry (tasks/, containers/, scripts/...) is the checkout's, so the repository stays clean.
        var home = Path.Combine(sandbox.Root, "home");
        Directory.CreateDirectory(home);
        foreach (var entry in Directory.EnumerateFileSystemEntries(RepoPaths.Root))
        {
            var name = Path.GetFileName(entry);
            if (name is not ("results" or ".git" or ".hbench"))
            {
                File.CreateSymbolicLink(Path.Combine(home, name), entry);
            }
        }

        string[] tasks = ["py-word-freq", "sql-top-customers"];

        var junit = Path.Combine(sandbox.Root, "validate.xml");
        using var validate = CliProcess.Start(home, ["tasks", "validate", .. tasks, "--json", "--junit", junit], new Dictionary<string, string?> { ["HBENCH_HOME"] = home });
        try
        {
            // A cap against a hang, not a measurement: the two tasks take well under a minute.
            await validate.WaitForExitAsync(TimeSpan.FromMinutes(10));
        }
        finally
        {
            // Its containers carry validate's own run name, not the sandbox's: clean them up by that.
            validate.Stop();
            using var engine = EngineApi.FromEnvironment();
            foreach (var run in Directory.Exists(Path.Combine(home, "results", "_validate")) ? Directory.EnumerateDirectories(Path.Combine(home, "results", "_validate")) : [])
            {
                await engine.RemoveBenchRunAsync(Path.GetFileName(run));
            }
        }

        var message = validate.Describe();
        Assert.True(validate.ExitCode == 0, message);
        // --json: the table and progress go to stderr, stdout is one JSON document.
        foreach (var task in tasks)
        {
            var hasWrong = Directory.Exists(Path.Combine(RepoPaths.Tasks, task, "wrong"));
            var row = new Regex($@"^{Regex.Escape(task)}\s+ok pass\s+ok fail\s+{(hasWrong ? "ok fail" : @"\(no wrong/\)")}\s+ok (\d+)/\1\s+ok \d+/\d+\s+\d+\.\d\s*$", RegexOptions.Multiline);
            Assert.True(row.IsMatch(validate.Stderr), $"no valid row for task {task}\n{message}");
        }

        Assert.Contains($"all {tasks.Length} task(s) valid", validate.Stderr, StringComparison.Ordinal);
        Assert.Contains("hack-py-exit-at-import", validate.Stderr, StringComparison.Ordinal);
        Assert.Contains("hack-sql-shell", validate.Stderr, StringComparison.Ordinal);
        Assert.Single(Directory.EnumerateDirectories(Path.Combine(home, "results", "_validate")));

        using var json = System.Text.Json.JsonDocument.Parse(validate.Stdout);
        Assert.True(json.RootElement.GetProperty("valid").GetBoolean(), message);
        var found = json.RootElement.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(tasks, found.Select(t => t.GetProperty("task").GetString()));
        foreach (var t in found)
        {
            Assert.Equal("valid", t.GetProperty("status").GetString());
            Assert.Equal(["oracle", "nop", "wrong"], t.GetProperty("references").EnumerateArray().Select(r => r.GetProperty("harness").GetString()));
            var hacks = t.GetProperty("hacks");
            Assert.True(hacks.GetProperty("total").GetInt32() > 0);
            Assert.Equal(hacks.GetProperty("total").GetInt32(), hacks.GetProperty("caught").GetInt32());
            Assert.True(t.GetProperty("budget").GetProperty("fits").GetBoolean());
        }

        var xml = System.Xml.Linq.XDocument.Load(junit).Root!;
        Assert.Equal("0", xml.Attribute("failures")?.Value);
        Assert.Equal(tasks, xml.Elements("testsuite").Select(s => s.Attribute("name")?.Value));
        Assert.All(xml.Elements("testsuite"), suite => Assert.Contains(suite.Elements("testcase"), c => c.Attribute("name")?.Value == "hack attempts fail and are audited tamper"));
    }
}
