using System.Text.RegularExpressions;

namespace HarnessBench.Core.Importing;

/// <summary>Where an imported task came from, for IMPORT.md: given on the command line, else found next to the source.</summary>
/// <param name="Repository">e.g. laude-institute/terminal-bench, or a URL.</param>
/// <param name="Commit">The source's commit, when known.</param>
/// <param name="License">The source's license and notice, when known.</param>
public sealed partial record Provenance(string? Repository, string? Commit, string? License)
{
    private static readonly string[] LicenseFiles = ["LICENSE", "LICENSE.md", "LICENSE.txt"];

    public static Provenance Unknown { get; } = new(null, null, null);

    /// <summary>
    /// Reads the nearest git checkout (HEAD's commit, without running git) or a README.md in a parent
    /// folder that names a repository, a commit and a license (as copied fixtures do), and a LICENSE file.
    /// </summary>
    public static Provenance Detect(string sourceDirectory)
    {
        string? repository = null, commit = null, license = null;
        for (var dir = new DirectoryInfo(Path.GetFullPath(sourceDirectory)); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (commit is null && Directory.Exists(git)) commit = GitHead(git);
            var readme = Path.Combine(dir.FullName, "README.md");
            if (File.Exists(readme))
            {
                var text = File.ReadAllText(readme);
                commit ??= CommitPattern().Match(text) is { Success: true } c ? c.Groups[1].Value : null;
                repository ??= RepositoryPattern().Match(text) is { Success: true } r ? r.Groups[1].Value : null;
                license ??= LicensePattern().Match(text) is { Success: true } l ? l.Groups[1].Value.Trim() : null;
            }
            var licenseFile = LicenseFiles.Select(n => Path.Combine(dir.FullName, n)).FirstOrDefault(File.Exists);
            if (license is null && licenseFile is not null)
                license = File.ReadLines(licenseFile).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
            if (commit is not null && license is not null) break;
        }
        return new Provenance(repository, commit, license);
    }

    private static string? GitHead(string gitDirectory)
    {
        var head = Path.Combine(gitDirectory, "HEAD");
        if (!File.Exists(head)) return null;
        var text = File.ReadAllText(head).Trim();
        if (!text.StartsWith("ref: ", StringComparison.Ordinal)) return text;
        var reference = Path.Combine(gitDirectory, text[5..]);
        return File.Exists(reference) ? File.ReadAllText(reference).Trim() : null;
    }

    [GeneratedRegex(@"\bcommit\s+`?([0-9a-f]{7,40})\b", RegexOptions.IgnoreCase)]
    private static partial Regex CommitPattern();

    [GeneratedRegex(@"\(([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)[,)]")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"License:\s*([^\n]+?)(?:\.\s+Keep|\n|$)", RegexOptions.IgnoreCase)]
    private static partial Regex LicensePattern();
}
