namespace HarnessBench.Core.Config;

/// <summary>A position in a configuration file; line and column are 1-based.</summary>
/// <param name="File">The file as the user should see it (relative to where the command ran when possible).</param>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>One configuration problem: where it is, what is wrong, and how to fix it.</summary>
public sealed record ConfigError(SourceLocation Location, string Message, string? Hint = null)
{
    public override string ToString() =>
        Hint is null ? $"{Location}: error: {Message}" : $"{Location}: error: {Message}\n    hint: {Hint}";
}

/// <summary>Collects every error of a load so that they are reported together.</summary>
internal sealed class ConfigErrors
{
    private readonly List<ConfigError> _errors = [];

    public int Count => _errors.Count;

    public void Add(SourceLocation at, string message, string? hint = null) => _errors.Add(new ConfigError(at, message, hint));

    /// <summary>Errors ordered by file, then position, so output reads top to bottom.</summary>
    public IReadOnlyList<ConfigError> ToSortedList() =>
        [.. _errors
            .OrderBy(e => e.Location.File, StringComparer.Ordinal)
            .ThenBy(e => e.Location.Line)
            .ThenBy(e => e.Location.Column)];
}
