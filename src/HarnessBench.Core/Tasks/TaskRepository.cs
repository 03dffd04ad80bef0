using HarnessBench.Core.Config;

namespace HarnessBench.Core.Tasks;

/// <summary>Every valid task of a tasks directory, or all the errors found (for 'tasks list' and 'tasks validate').</summary>
public sealed record TaskLoadResult(IReadOnlyList<TaskDefinition> Tasks, IReadOnlyList<ConfigError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>Loads task directories without a bench.yaml.</summary>
public static class TaskRepository
{
    /// <param name="tasksDirectory">The directory holding one folder per task, as the user should see it in messages.</param>
    /// <param name="knownToolchains">Toolchain image names that exist; null skips the check.</param>
    public static TaskLoadResult Load(string tasksDirectory, IReadOnlySet<string>? knownToolchains = null)
    {
        var errors = new ConfigErrors();
        if (!Directory.Exists(tasksDirectory))
        {
            errors.Add(new SourceLocation(tasksDirectory, 1, 1), "tasks directory not found", "pass the directory holding one folder per task");
            return new TaskLoadResult([], errors.ToSortedList());
        }
        var tasks = TaskCatalog.LoadAll(Path.GetFullPath(tasksDirectory), tasksDirectory, knownToolchains, errors);
        return new TaskLoadResult(tasks, errors.ToSortedList());
    }
}
