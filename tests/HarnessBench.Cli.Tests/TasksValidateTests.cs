using System.Text.RegularExpressions;
using HarnessBench.Cli.Tests.Infrastructure;

namespace HarnessBench.Cli.Tests;

/// <summary>
/// `hbench tasks validate` as a user runs it, on two shipped tasks of different toolchains: oracle
/// passes, nop and wrong fail, every hack attempt fails and is audited tamper, the budget fits; a row
/// per task. (CI validates every shipped task with the same command in scripts/test.sh.)
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

        using var validate = CliProcess.Start(home, ["tasks", "validate", .. tasks], new Dictionary<string, string?> { ["HBENCH_HOME"] = home });
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
        foreach (var task in tasks)
        {
            var hasWrong = Directory.Exists(Path.Combine(RepoPaths.Tasks, task, "wrong"));
            var row = new Regex($@"^{Regex.Escape(task)}\s+ok pass\s+ok fail\s+{(hasWrong ? "ok fail" : @"\(no wrong/\)")}\s+ok (\d+)/\1\s+ok \d+/\d+\s+\d+\.\d\s*$", RegexOptions.Multiline);
            Assert.True(row.IsMatch(validate.Stdout), $"no valid row for task {task}\n{message}");
        }

        Assert.Contains($"all {tasks.Length} task(s) valid", validate.Stdout, StringComparison.Ordinal);
        Assert.Contains("hack-py-exit-at-import", validate.Stdout, StringComparison.Ordinal);
        Assert.Contains("hack-sql-shell", validate.Stdout, StringComparison.Ordinal);
        Assert.Single(Directory.EnumerateDirectories(Path.Combine(home, "results", "_validate")));
    }
}
