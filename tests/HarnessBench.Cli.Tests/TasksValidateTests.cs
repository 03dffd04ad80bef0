using System.Text.RegularExpressions;
using HarnessBench.Cli.Tests.Infrastructure;

namespace HarnessBench.Cli.Tests;

/// <summary>`hbench tasks validate` over the shipped tasks: oracle passes, nop and wrong fail, a row per task.</summary>
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

        var tasks = Directory.EnumerateDirectories(RepoPaths.Tasks)
            .Where(d => File.Exists(Path.Combine(d, "task.yaml")) && !Path.GetFileName(d).StartsWith('_'))
            .Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(tasks);

        using var validate = CliProcess.Start(home, ["tasks", "validate"], new Dictionary<string, string?> { ["HBENCH_HOME"] = home });
        try
        {
            await validate.WaitForExitAsync(TimeSpan.FromMinutes(4));
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
            var hasWrong = Directory.Exists(Path.Combine(RepoPaths.Tasks, task!, "wrong"));
            var row = new Regex($@"^{Regex.Escape(task!)}\s+ok pass\s+ok fail\s+{(hasWrong ? "ok fail" : @"\(no wrong/\)")}\s+\d+\.\d\s*$", RegexOptions.Multiline);
            Assert.True(row.IsMatch(validate.Stdout), $"no valid row for task {task}\n{message}");
        }

        Assert.Contains($"all {tasks.Count} task(s) valid", validate.Stdout, StringComparison.Ordinal);
        Assert.Single(Directory.EnumerateDirectories(Path.Combine(home, "results", "_validate")));
    }
}
