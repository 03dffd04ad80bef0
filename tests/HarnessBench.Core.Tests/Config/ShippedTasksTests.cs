using HarnessBench.Core.Tasks;

namespace HarnessBench.Core.Tests.Config;

public class ShippedTasksTests
{
    [Fact]
    public void The_repository_tasks_load_without_errors()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "HarnessBench.slnx"))) root = root.Parent;
        Assert.NotNull(root);

        var result = TaskRepository.Load(Path.Combine(root.FullName, "tasks"), new HashSet<string> { "python", "c-cpp", "rust", "node", "sql", "torch" });

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.NotEmpty(result.Tasks);
        Assert.All(result.Tasks, t => Assert.Matches("^sha256:[0-9a-f]{64}$", t.ContentHash));
    }

    [Fact]
    public void A_missing_tasks_directory_is_one_error()
    {
        var result = TaskRepository.Load("/nonexistent/tasks");

        Assert.Equal("tasks directory not found", Assert.Single(result.Errors).Message);
    }
}
