using System.Text.RegularExpressions;

namespace HarnessBench.Core.Planning;

/// <summary>
/// A slice of a plan (<c>hbench run --only model=qwen*,harness=claude|pi,task=py-*</c>): each key
/// takes globs (<c>*</c>, <c>?</c>) separated by <c>|</c>; a cell is kept when every given key
/// matches. Several filters are alternatives (a cell is kept when any of them keeps it).
/// </summary>
public sealed class CellFilter
{
    private static readonly string[] Keys = ["model", "harness", "task"];
    private readonly Dictionary<string, Regex[]> _patterns;

    private CellFilter(string text, Dictionary<string, Regex[]> patterns)
    {
        Text = text;
        _patterns = patterns;
    }

    /// <summary>The filter as written.</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; returns null with <paramref name="error"/> set when it is malformed.</summary>
    public static CellFilter? Parse(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var patterns = new Dictionary<string, Regex[]>(StringComparer.Ordinal);
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = part.IndexOf('=', StringComparison.Ordinal) is var at and > 0 ? (part[..at], part[(at + 1)..]) : (part, "");
            if (!Keys.Contains(key) || value.Length == 0)
            {
                error = $"'{part}' is not KEY=GLOB with KEY one of {string.Join(", ", Keys)} (e.g. --only model=qwen*,task=py-*)";
                return null;
            }
            if (patterns.ContainsKey(key))
            {
                error = $"'{key}' is given twice in '{text}'; use '|' for alternatives (e.g. harness=claude|pi)";
                return null;
            }
            patterns[key] = [.. value.Split('|').Select(Glob)];
        }
        if (patterns.Count == 0)
        {
            error = "an empty --only; e.g. --only model=qwen*,task=py-*";
            return null;
        }
        error = null;
        return new CellFilter(text, patterns);
    }

    public bool Keeps(Cell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return Matches("model", cell.Model.Name) && Matches("harness", cell.Harness) && Matches("task", cell.Task.Id);
    }

    /// <summary>The cells of <paramref name="plan"/> that any of <paramref name="filters"/> keeps (all cells without filters).</summary>
    public static Plan Apply(Plan plan, IReadOnlyList<CellFilter> filters)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(filters);
        return filters.Count == 0 ? plan : plan with { Cells = [.. plan.Cells.Where(c => filters.Any(f => f.Keeps(c)))] };
    }

    private bool Matches(string key, string value) => !_patterns.TryGetValue(key, out var globs) || globs.Any(g => g.IsMatch(value));

    private static Regex Glob(string glob) =>
        new("^" + Regex.Escape(glob).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
