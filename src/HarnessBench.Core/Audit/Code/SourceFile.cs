using System.Text.RegularExpressions;

namespace HarnessBench.Core.Audit.Code;

/// <summary>One workspace file as the scanner sees it: its lines, which of them the agent added, and its language.</summary>
internal sealed class SourceFile
{
    private static readonly Regex CMain = new(@"^\s*(int|void|auto)\s+main\s*\(", RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private static readonly Regex JsExports = new(@"\bmodule\s*\.\s*exports\b|\bexports\s*\.\s*\w+\s*=|^\s*export\s", RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private static readonly Regex RustMain = new(@"\bfn\s+main\s*\(", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private SourceFile(string path, string[] lines, bool[] added, SourceLanguage language, string? seedText)
    {
        Path = path;
        Lines = lines;
        Added = added;
        Language = language;
        _seedText = seedText;
    }

    private readonly string? _seedText;

    /// <summary>Workspace-relative, '/' separators.</summary>
    public string Path { get; }

    public string[] Lines { get; }

    /// <summary>Per line: not in the seed's version of the file (every line of a new file).</summary>
    public bool[] Added { get; }

    public SourceLanguage Language { get; }

    /// <summary>
    /// A program (it defines main), where ending the process is ordinary. A main the agent added to a
    /// file the seed has as a library does not count: that is how a library hijacks its test program.
    /// </summary>
    public bool IsProgram => DefinesMain(string.Join('\n', Lines)) && (_seedText is null || DefinesMain(_seedText));

    private bool DefinesMain(string text) => Language switch
    {
        // A Node or Python script (a shebang, or no exports at all for Node) is a program; a module that exports is a library.
        SourceLanguage.JavaScript => text.StartsWith("#!", StringComparison.Ordinal) || !JsExports.IsMatch(text),
        SourceLanguage.Python => text.StartsWith("#!", StringComparison.Ordinal),
        SourceLanguage.C => CMain.IsMatch(text),
        SourceLanguage.Rust => RustMain.IsMatch(text) || (_seedText is null && (Path.EndsWith("main.rs", StringComparison.Ordinal) || Path.Contains("/bin/", StringComparison.Ordinal))),
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
        return new SourceFile(path, lines, added, language, seedText);
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
