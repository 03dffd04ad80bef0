using System.Text;
using System.Text.RegularExpressions;

namespace HarnessBench.Core.Tasks;

/// <summary>
/// The workspace files a task's grader takes from the agent (task.yaml <c>surface:</c>): globs over
/// '/'-separated workspace-relative paths. <c>*</c> and <c>?</c> stay within one path component,
/// <c>**</c> spans any number of them, a leading <c>!</c> excludes; a path is in the surface when it
/// matches an including glob and no excluding one. Everything else the grader sees comes from the
/// task's seed, so build and tool configuration the agent plants never reaches it.
/// </summary>
public sealed class SolutionSurface
{
    private readonly Regex[] _include;
    private readonly Regex[] _exclude;

    private SolutionSurface(IReadOnlyList<string> globs, Regex[] include, Regex[] exclude)
    {
        Globs = globs;
        _include = include;
        _exclude = exclude;
    }

    /// <summary>The globs as written.</summary>
    public IReadOnlyList<string> Globs { get; }

    /// <summary>Why <paramref name="glob"/> is not a valid surface glob, or null when it is.</summary>
    public static string? Problem(string glob)
    {
        ArgumentNullException.ThrowIfNull(glob);
        var body = glob.StartsWith('!') ? glob[1..] : glob;
        if (body.Length == 0) return "an empty glob";
        if (body.StartsWith('/')) return "an absolute path (globs are relative to the workspace)";
        if (body.Contains('\\')) return "a backslash (use '/' between path components)";
        if (body.Split('/').Any(part => part is "" or "." or "..")) return "an empty, '.' or '..' path component";
        if (body.Split('/').Any(part => part.Contains("**", StringComparison.Ordinal) && part != "**")) return "'**' mixed with other characters in one component";
        return null;
    }

    /// <summary>Builds a surface from globs that passed <see cref="Problem"/>.</summary>
    public static SolutionSurface Create(IReadOnlyList<string> globs)
    {
        ArgumentNullException.ThrowIfNull(globs);
        foreach (var glob in globs)
        {
            if (Problem(glob) is { } problem) throw new ArgumentException($"surface glob '{glob}' has {problem}", nameof(globs));
        }
        return new SolutionSurface(
            globs,
            [.. globs.Where(g => !g.StartsWith('!')).Select(ToRegex)],
            [.. globs.Where(g => g.StartsWith('!')).Select(g => ToRegex(g[1..]))]);
    }

    /// <summary>True when the workspace-relative path <paramref name="relativePath"/> ('/' separators) is graded.</summary>
    public bool Contains(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return _include.Any(r => r.IsMatch(relativePath)) && !_exclude.Any(r => r.IsMatch(relativePath));
    }

    private static Regex ToRegex(string glob)
    {
        var pattern = new StringBuilder("^");
        var parts = glob.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            var last = i == parts.Length - 1;
            if (parts[i] == "**")
            {
                // "a/**/b" matches a/b, a/x/b, a/x/y/b; a trailing "**" matches everything below.
                pattern.Append(last ? ".*" : "(?:[^/]+/)*");
                continue;
            }
            foreach (var c in parts[i])
            {
                pattern.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
            if (!last) pattern.Append('/');
        }
        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));
    }
}
