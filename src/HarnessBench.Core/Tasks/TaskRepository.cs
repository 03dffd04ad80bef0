using HarnessBench.Core.Config;

namespace HarnessBench.Core.Tasks;

/// <summary>Every valid task of a tasks directory, and all the errors found (for 'tasks list' and 'tasks validate').</summary>
public sealed record TaskLoadResult(IReadOnlyList<TaskDefinition> Tasks, IReadOnlyList<ConfigError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    /// <summary>Errors by the id (directory name) of the task they belong to; errors of no single task are under "".</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ConfigError>> ErrorsByTask { get; init; } = new Dictionary<string, IReadOnlyList<ConfigError>>();
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
        var sorted = errors.ToSortedList();
        return new TaskLoadResult(tasks, sorted) { ErrorsByTask = ByTask(sorted, tasksDirectory) };
    }

    private static Dictionary<string, IReadOnlyList<ConfigError>> ByTask(IReadOnlyList<ConfigError> errors, string displayDirectory)
    {
        var prefix = displayDirectory.TrimEnd('/', Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return errors
            .GroupBy(e => e.Location.File.StartsWith(prefix, StringComparison.Ordinal) ? e.Location.File[prefix.Length..].Split('/', Path.DirectorySeparatorChar)[0] : "")
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ConfigError>)[.. g], StringComparer.Ordinal);
    }
}
