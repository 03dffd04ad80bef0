using System.Text.RegularExpressions;

namespace HarnessBench.Core.Audit.Code;

/// <summary>One workspace file as the scanner sees it: its lines, which of them the agent added, and its language.</summary>
internal sealed class SourceFile
{
    private static readonly Regex CMain = new(@"^\s*(int|void|auto)\s+main\s*\(", RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private static readonly Regex RustMain = new(@"\bfn\s+main\s*\(", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private SourceFile(string path, string[] lines, bool[] added, SourceLanguage language)
    {
        Path = path;
        Lines = lines;
        Added = added;
        Language = language;
    }

    /// <summary>Workspace-relative, '/' separators.</summary>
    public string Path { get; }

    public string[] Lines { get; }

    /// <summary>Per line: not in the seed's version of the file (every line of a new file).</summary>
    public bool[] Added { get; }

    public SourceLanguage Language { get; }

    /// <summary>A program (it defines main), where ending the process is ordinary.</summary>
    public bool IsProgram => Language switch
    {
        SourceLanguage.C => CMain.IsMatch(string.Join('\n', Lines)),
        SourceLanguage.Rust => Lines.Any(RustMain.IsMatch) || Path.EndsWith("main.rs", StringComparison.Ordinal) || Path.Contains("/bin/", StringComparison.Ordinal),
        _ => false,
    };

    public bool IsTest => WorkspaceDiff.LooksLikeTest(Path) || WorkspaceDiff.IsTestHook(Path);

    /// <summary>Lines of <paramref name="text"/> the seed's <paramref name="seedText"/> (null: a new file) does not have, as a multiset.</summary>
    public static SourceFile Create(string path, string text, string? seedText, SourceLanguage language)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var added = new bool[lines.Length];
        var seedCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in seedText?.Split('\n').Select(l => l.TrimEnd('\r')) ?? [])
            seedCounts[line] = seedCounts.GetValueOrDefault(line) + 1;
        for (var i = 0; i < lines.Length; i++)
        {
            if (seedCounts.TryGetValue(lines[i], out var count) && count > 0) seedCounts[lines[i]] = count - 1;
            else added[i] = lines[i].Trim().Length > 0;
        }
        return new SourceFile(path, lines, added, language);
    }
}

/// <summary>The languages the code audit reads.</summary>
internal enum SourceLanguage
{
    Other,
    Python,
    JavaScript,
    C,
    Rust,
    Sql,
    Shell,
}
