using System.Text.RegularExpressions;
using HarnessBench.Core.Config;

namespace HarnessBench.Core.Tests.Support;

public static partial class Fixtures
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    public static IReadOnlySet<string> Toolchains { get; } = new HashSet<string> { "python", "rust", "node", "sql" };

    /// <summary>Copies a fixture directory to a temp directory (for tests that modify it).</summary>
    public static void CopyTo(string fixtureDirectory, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(File(fixtureDirectory), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(File(fixtureDirectory), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            System.IO.File.Copy(file, target);
        }
    }

    /// <summary>"# expect: text" annotations of a YAML file: (line, text) pairs.</summary>
    public static IEnumerable<(string File, int Line, string Text)> Expectations(string file)
    {
        var lines = System.IO.File.ReadAllLines(file);
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (Match match in Expect().Matches(lines[i]))
                yield return (file, i + 1, match.Groups[1].Value.Trim().TrimEnd(';').Trim());
        }
    }

    /// <summary>Asserts that errors and expectations match one to one (same file and line, text in message or hint).</summary>
    public static void AssertErrorsMatch(IReadOnlyList<ConfigError> errors, IReadOnlyList<(string File, int Line, string Text)> expected)
    {
        var unmatched = errors.ToList();
        var missing = new List<string>();
        foreach (var (file, line, text) in expected)
        {
            var hit = unmatched.FirstOrDefault(e =>
                Path.GetFullPath(e.Location.File) == Path.GetFullPath(file) && e.Location.Line == line
                && ($"{e.Message} {e.Hint}").Contains(text, StringComparison.Ordinal));
            if (hit is null) missing.Add($"{Path.GetFileName(Path.GetDirectoryName(file))}/{Path.GetFileName(file)}:{line}: {text}");
            else unmatched.Remove(hit);
        }
        Assert.True(missing.Count == 0 && unmatched.Count == 0,
            $"Missing errors:\n  {string.Join("\n  ", missing)}\nUnexpected errors:\n  {string.Join("\n  ", unmatched)}");
    }

    [GeneratedRegex(@"expect: (.*?)(?=expect:|$)")]
    private static partial Regex Expect();
}
