using HarnessBench.Core.Tasks;

namespace HarnessBench.Core.Tests.Config;

public class ShippedTasksTests
{
    private const string Canary = "HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train";

    [Fact]
    public void The_repository_tasks_load_without_errors()
    {
        var result = TaskRepository.Load(TasksDirectory(), new HashSet<string> { "python", "c-cpp", "rust", "node", "sql", "torch" });

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.NotEmpty(result.Tasks);
        Assert.All(result.Tasks, t => Assert.Matches("^sha256:[0-9a-f]{64}$", t.ContentHash));
    }

    [Fact]
    public void Every_task_file_with_a_comment_syntax_carries_the_training_data_canary()
    {
        string[] exempt = [".json", ".db"];
        var files = Directory.EnumerateFiles(TasksDirectory(), "*", SearchOption.AllDirectories)
            .Where(f => Path.GetRelativePath(TasksDirectory(), f).Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Where(f => !exempt.Contains(Path.GetExtension(f)))
            .ToList();

        Assert.True(files.Count > 100, $"expected the shipped task files, found {files.Count}");
        Assert.All(files, f => Assert.True(File.ReadAllText(f).Contains(Canary, StringComparison.Ordinal), $"{f} has no canary line"));
    }

    /// <summary>The code-level tamper audit must not flag honest work: every reference (and wrong) solution, laid over its seed, is below TAMPER.</summary>
    [Theory]
    [InlineData("solution")]
    [InlineData("wrong")]
    public void Reference_and_wrong_solutions_are_not_tamper(string tree)
    {
        var flagged = new List<string>();
        foreach (var task in TaskRepository.Load(TasksDirectory()).Tasks)
        {
            var overlay = Path.Combine(task.Directory, tree);
            if (!Directory.Exists(overlay)) continue;
            using var dir = new TempDirectory();
            Copy(task.WorkspaceDirectory, dir.Path);
            Copy(overlay, dir.Path);
            flagged.AddRange(HarnessBench.Core.Audit.Code.CodeTamperScanner.Scan(task.WorkspaceDirectory, dir.Path).Select(f => $"{task.Id}: {f.Detector}: {f.Snippet}"));
        }

        Assert.Empty(flagged);
    }

    private static void Copy(string from, string to)
    {
        if (!Directory.Exists(from)) return;
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    [Fact]
    public void A_missing_tasks_directory_is_one_error()
    {
        var result = TaskRepository.Load("/nonexistent/tasks");

        Assert.Equal("tasks directory not found", Assert.Single(result.Errors).Message);
    }

    private static string TasksDirectory()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "HarnessBench.slnx"))) root = root.Parent;
        Assert.NotNull(root);
        return Path.Combine(root.FullName, "tasks");
    }
}
