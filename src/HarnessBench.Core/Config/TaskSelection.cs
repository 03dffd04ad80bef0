using System.Text.RegularExpressions;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Core.Config;

/// <summary>Applies 'tasks' selectors: the union of what each selector matches; a selector matching nothing is an error.</summary>
internal static class TaskSelection
{
    /// <param name="tasks">Valid tasks.</param>
    /// <param name="directoryNames">All task directories, valid or not: a selector naming a broken task is not "matching nothing" (its own errors are reported).</param>
    public static IReadOnlyList<TaskDefinition> Select(
        IReadOnlyList<SelectorDto>? selectors, IReadOnlyList<TaskDefinition> tasks, IReadOnlyList<string> directoryNames,
        string displayTasksDirectory, ConfigErrors errors)
    {
        if (selectors is null) return tasks;
        var selected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var selector in selectors)
        {
            var difficulties = ParseDifficulties(selector, errors);
            if (difficulties is null) continue;
            Regex? glob = null;
            if (selector.Glob is not null && (glob = GlobRegex(selector.Glob.Value)) is null)
            {
                errors.Add(selector.Glob.At, $"invalid glob '{selector.Glob.Value}'", "globs use '*', '?' and [abc]; quote them in YAML");
                continue;
            }
            bool NameMatches(string id) => (selector.Id is null || selector.Id.Value == id) && (glob is null || glob.IsMatch(id));
            var matches = tasks.Where(t => NameMatches(t.Id)
                && selector.Tags.All(tag => t.Tags.Contains(tag.Value, StringComparer.Ordinal))
                && (difficulties.Count == 0 || difficulties.Contains(t.Difficulty))).ToList();
            selected.UnionWith(matches.Select(t => t.Id));
            var namesBrokenTask = selector.Tags.Count == 0 && difficulties.Count == 0
                && directoryNames.Any(NameMatches) && !tasks.Any(t => NameMatches(t.Id));
            if (matches.Count == 0 && !namesBrokenTask)
                errors.Add(selector.At, $"task selector {Describe(selector)} matches no task in {displayTasksDirectory}", HintFor(selector, tasks, directoryNames));
        }
        return [.. tasks.Where(t => selected.Contains(t.Id))];
    }

    /// <summary>
    /// Whether the selectors name the task directory <paramref name="name"/>: all tasks (no selectors),
    /// or an id or glob that matches it. (Tag and difficulty selectors cannot know a broken task's.)
    /// </summary>
    public static bool Names(IReadOnlyList<SelectorDto>? selectors, string name) =>
        selectors is null || selectors.Any(s => s.Tags.Count == 0 && s.Difficulty.Count == 0
            && (s.Id is null || s.Id.Value == name) && (s.Glob is null || GlobRegex(s.Glob.Value)?.IsMatch(name) == true)
            && (s.Id is not null || s.Glob is not null));

    private static List<Difficulty>? ParseDifficulties(SelectorDto selector, ConfigErrors errors)
    {
        var result = new List<Difficulty>();
        foreach (var scalar in selector.Difficulty)
        {
            if (scalar.Value is "easy" or "medium" or "hard")
            {
                result.Add(Enum.Parse<Difficulty>(scalar.Value, ignoreCase: true));
                continue;
            }
            errors.Add(scalar.At, $"'difficulty' must be easy, medium or hard, not '{scalar.Value}'", DidYouMean.Hint(scalar.Value, ["easy", "medium", "hard"]));
            return null;
        }
        return result;
    }

    private static string Describe(SelectorDto selector)
    {
        var parts = new List<string>();
        if (selector.Id is not null) parts.Add($"id '{selector.Id.Value}'");
        if (selector.Glob is not null) parts.Add($"glob '{selector.Glob.Value}'");
        if (selector.Tags.Count > 0) parts.Add($"tags [{string.Join(", ", selector.Tags.Select(t => t.Value))}]");
        if (selector.Difficulty.Count > 0) parts.Add($"difficulty [{string.Join(", ", selector.Difficulty.Select(t => t.Value))}]");
        return string.Join(" + ", parts);
    }

    private static string HintFor(SelectorDto selector, IReadOnlyList<TaskDefinition> tasks, IReadOnlyList<string> directoryNames)
    {
        if (selector.Id is not null && DidYouMean.Hint(selector.Id.Value, directoryNames) is { } idHint) return idHint;
        var tags = tasks.SelectMany(t => t.Tags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (selector.Tags.Count > 0 && tags.Count > 0)
        {
            var misspelt = selector.Tags.Select(t => DidYouMean.Closest(t.Value, tags) is { } m && m != t.Value ? $"'{m}' for '{t.Value}'" : null).OfType<string>().ToList();
            return misspelt.Count > 0 ? $"did you mean {string.Join(", ", misspelt)}?" : $"known tags: {string.Join(", ", tags)}";
        }
        return directoryNames.Count == 0 ? "the tasks directory has no task directories" : $"known tasks: {string.Join(", ", directoryNames.Take(20))}{(directoryNames.Count > 20 ? ", ..." : "")}";
    }

    /// <summary>Shell-style glob over task ids: '*' any run, '?' one character, [abc] a class.</summary>
    private static Regex? GlobRegex(string glob)
    {
        var pattern = Regex.Escape(glob).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal)
            .Replace(@"\[", "[", StringComparison.Ordinal);
        try
        {
            return new Regex($"^{pattern}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
