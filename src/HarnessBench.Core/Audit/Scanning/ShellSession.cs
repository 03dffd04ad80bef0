namespace HarnessBench.Core.Audit.Scanning;

/// <summary>A shell word after expansion: its text, and whether it designates grader files (found by a grader search, read from one...).</summary>
internal readonly record struct ShellValue(string Text, bool Tainted)
{
    public static ShellValue Clean(string text) => new(text, false);
}

/// <summary>
/// What the audit remembers about an agent's shell between commands: the working directory,
/// variables, symlinks and copies that lead to grader files, and the files the agent made itself
/// (which are never generic grader paths).
/// </summary>
internal sealed class ShellSession(string startDirectory)
{
    private const int MaxAliasHops = 8;
    private const int MaxPathLength = 4096;

    public string StartDirectory { get; set; } = startDirectory;

    public string Cwd { get; set; } = startDirectory;

    public string PreviousCwd { get; set; } = startDirectory;

    public Dictionary<string, ShellValue> Variables { get; } = new(StringComparer.Ordinal);

    /// <summary>Symlink or copy path -> the path it stands for.</summary>
    public Dictionary<string, string> Aliases { get; } = new(StringComparer.Ordinal);

    /// <summary>Paths holding grader content whose origin is not a path (e.g. a copy of a found file).</summary>
    public HashSet<string> TaintedPaths { get; } = new(StringComparer.Ordinal);

    /// <summary>Files and directories the agent created itself.</summary>
    public HashSet<string> OwnFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>Workspace paths the agent touched (its own file names are not grader words in its prose).</summary>
    public HashSet<string> WorkspacePaths { get; } = new(StringComparer.Ordinal);

    /// <summary>Normalized absolute path for <paramref name="path"/> from the working directory.</summary>
    public string Absolute(string path) => PathMath.Combine(Cwd, path.StartsWith("~/", StringComparison.Ordinal) ? "/home/agent/" + path[2..] : path);

    /// <summary>Follows symlinks and copies recorded earlier back to the path they stand for.</summary>
    public string Dealias(string path)
    {
        for (var hop = 0; hop < MaxAliasHops && Aliases.Count > 0; hop++)
        {
            string? best = null;
            foreach (var key in Aliases.Keys)
            {
                if (PathMath.IsUnder(path, key) && key != "/" && (best is null || key.Length > best.Length))
                {
                    best = key;
                }
            }
            if (best is null)
            {
                break;
            }
            var rest = path.Length > best.Length ? path[(best.Length + 1)..] : "";
            var next = rest.Length == 0 ? Aliases[best] : PathMath.Combine(Aliases[best], rest);
            if (next == path || next.Length > MaxPathLength)
            {
                break;
            }
            path = next;
        }
        return path;
    }

    /// <summary>Records that <paramref name="link"/> stands for <paramref name="target"/>, unless that would loop (a link into itself).</summary>
    public void Alias(string link, string target)
    {
        if (link != "/" && link != target && !PathMath.IsUnder(target, link) && !PathMath.IsUnder(Dealias(target), link))
        {
            Aliases[link] = target;
        }
    }

    public bool IsTainted(string path)
    {
        foreach (var tainted in TaintedPaths)
        {
            if (PathMath.IsUnder(path, tainted))
            {
                return true;
            }
        }
        return false;
    }
}
