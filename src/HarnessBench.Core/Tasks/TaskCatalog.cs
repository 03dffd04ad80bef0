using HarnessBench.Core.Config;
using HarnessBench.Core.Planning;

namespace HarnessBench.Core.Tasks;

/// <summary>Loads every task directory under a tasks root.</summary>
internal static class TaskCatalog
{
    /// <summary>
    /// Loads all tasks (not only the selected ones: a broken task is reported even when a sweep
    /// does not select it, so that it cannot rot unnoticed). Directories starting with '.' or '_' are ignored.
    /// </summary>
    /// <returns>Valid tasks ordered by id; invalid ones are reported to <paramref name="errors"/>.</returns>
    public static IReadOnlyList<TaskDefinition> LoadAll(string tasksDirectory, string displayDirectory, IReadOnlySet<string>? knownToolchains, ConfigErrors errors)
    {
        var tasks = new List<TaskDefinition>();
        var slugs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in DirectoryNames(tasksDirectory))
        {
            var display = Path.Combine(displayDirectory, name);
            if (slugs.TryGetValue(Slug.Of(name), out var clash))
            {
                errors.Add(new SourceLocation(Path.Combine(display, "task.yaml"), 1, 1), $"task '{name}' gives the same cell ids as task '{clash}'",
                    "cell ids ignore case and turn '_' into '-': rename one of the directories");
                continue;
            }
            slugs[Slug.Of(name)] = name;
            var task = TaskLoader.Load(Path.Combine(tasksDirectory, name), display, knownToolchains, errors);
            if (task is not null) tasks.Add(task);
        }
        return tasks;
    }

    /// <summary>Ids of all task directories, valid or not (for selector matching and did-you-mean).</summary>
    public static IReadOnlyList<string> DirectoryNames(string tasksDirectory) =>
        [.. Directory.EnumerateDirectories(tasksDirectory)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(n => !n.StartsWith('.') && !n.StartsWith('_'))
            .Order(StringComparer.Ordinal)];
}
