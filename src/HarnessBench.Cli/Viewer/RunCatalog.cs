using System.Text;
using HarnessBench.Core.Results;

namespace HarnessBench.Cli.Viewer;

/// <summary>A run the viewer shows.</summary>
/// <param name="Key">Path-safe id used in URLs and export folders (unique among the runs shown).</param>
/// <param name="Name">What the user calls it: the path below results/ ("demo", "_validate/validate-..."), or the folder name.</param>
/// <param name="Directory">Absolute path of the run directory (holds results.jsonl).</param>
internal sealed record RunEntry(string Key, string Name, string Directory);

/// <summary>
/// Finds runs: every folder below results/ (two levels, for results/_validate/&lt;run&gt;) that holds a
/// results.jsonl, plus the run directories or names given on the command line.
/// </summary>
internal static class RunCatalog
{
    /// <summary>A run directory, or a run name below <paramref name="resultsDirectory"/>; null when neither exists.</summary>
    public static string? Resolve(string argument, string resultsDirectory)
    {
        foreach (var candidate in new[] { argument, Path.Combine(resultsDirectory, argument) })
        {
            if (File.Exists(Path.Combine(candidate, JsonlResultStore.FileName))) return Path.GetFullPath(candidate).TrimEnd('/');
        }

        return null;
    }

    /// <summary>The given runs first (in order), then the others under results/, newest first.</summary>
    public static IReadOnlyList<RunEntry> Discover(string resultsDirectory, IReadOnlyList<string> given)
    {
        var root = Path.GetFullPath(resultsDirectory).TrimEnd('/');
        var found = new List<string>();
        if (Directory.Exists(root))
        {
            foreach (var dir in SafeDirectories(root))
            {
                if (HasResults(dir)) found.Add(dir);
                else found.AddRange(SafeDirectories(dir).Where(HasResults));
            }
        }

        var ordered = found.OrderByDescending(d => File.GetLastWriteTimeUtc(Path.Combine(d, JsonlResultStore.FileName)))
            .ThenBy(d => d, StringComparer.Ordinal);
        var directories = given.Select(g => Path.GetFullPath(g).TrimEnd('/')).Concat(ordered).Distinct(StringComparer.Ordinal).ToList();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var runs = new List<RunEntry>(directories.Count);
        foreach (var dir in directories)
        {
            var name = dir.StartsWith(root + "/", StringComparison.Ordinal) ? dir[(root.Length + 1)..] : Path.GetFileName(dir);
            var key = KeyOf(name);
            for (var n = 2; !keys.Add(key); n++) key = $"{KeyOf(name)}-{n}";
            runs.Add(new RunEntry(key, name, dir));
        }

        return runs;
    }

    /// <summary>[A-Za-z0-9._-] kept, '/' as "--", anything else '-': safe in a URL segment and as a file name.</summary>
    public static string KeyOf(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c == '/') sb.Append("--");
            else sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        }

        var key = sb.ToString().Trim('.');
        return key.Length == 0 ? "run" : key;
    }

    private static bool HasResults(string dir) => File.Exists(Path.Combine(dir, JsonlResultStore.FileName));

    private static List<string> SafeDirectories(string dir)
    {
        try
        {
            // Symlinked folders are left out: results/ is ours, a link there points somewhere else.
            return new DirectoryInfo(dir).EnumerateDirectories().Where(d => d.LinkTarget is null).Select(d => d.FullName).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
