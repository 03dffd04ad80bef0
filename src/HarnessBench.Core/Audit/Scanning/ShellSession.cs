namespace HarnessBench.Core.Audit.Scanning;

/// <summary>
/// A shell word or output after expansion: its text, whether it designates grader files (found by
/// a grader search, read from one...), and whether the text is exactly what the shell would have
/// (literal words, echo of them, /dev/null): only an exact empty output proves a file was emptied.
/// <see cref="Pattern"/>: for a path whose file name is unknown (<c>tests/$f</c>), a glob of what it
/// may be (<c>tests/*</c>), so a delete in a test folder counts whatever the name.
/// </summary>
internal readonly record struct ShellValue(string Text, bool Tainted, bool Exact = false, string? Pattern = null)
{
    public static ShellValue Clean(string text) => new(text, false);

    /// <summary>Known text (a literal, or what <c>echo</c> of literals prints).</summary>
    public static ShellValue Known(string text) => new(text, false, true);

    /// <summary>
    /// The glob for a path whose only unknown part is in its last segment (<c>tests/</c> + unknown);
    /// null when a directory is unknown too: <c>rm -rf "$TMP"</c> must not read as <c>rm -rf *</c>.
    /// </summary>
    public static string? UnknownName(string pattern, int firstUnknown)
    {
        var slash = pattern.LastIndexOf('/');
        return firstUnknown >= 0 && slash > 0 && firstUnknown > slash ? pattern : null;
    }
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

    /// <summary>Alias keys made by <c>ln</c> (a write through them reaches the target; a copy's does not).</summary>
    public HashSet<string> Links { get; } = new(StringComparer.Ordinal);

    /// <summary>Text of scripts the agent wrote (path -> content), analyzed when it runs them later.</summary>
    public Dictionary<string, string> Scripts { get; } = new(StringComparer.Ordinal);

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
    public void Alias(string link, string target, bool symlink = false)
    {
        if (link != "/" && link != target && !PathMath.IsUnder(target, link) && !PathMath.IsUnder(Dealias(target), link))
        {
            Aliases[link] = target;
            if (symlink)
            {
                Links.Add(link);
            }
            else
            {
                Links.Remove(link);
            }
        }
    }

    /// <summary>
    /// The file a deletion or truncation of <paramref name="path"/> reaches: symlinked directories
    /// on the way are followed, copies are not (removing one's backup of a test is not removing the test).
    /// </summary>
    public string Destination(string path)
    {
        if (Links.Count == 0)
        {
            return path;
        }
        var parent = PathMath.Parent(path);
        for (var hop = 0; hop < MaxAliasHops; hop++)
        {
            var link = Links.Where(l => PathMath.IsUnder(parent, l)).OrderByDescending(l => l.Length).FirstOrDefault();
            if (link is null || !Aliases.TryGetValue(link, out var target))
            {
                break;
            }
            var next = parent.Length > link.Length ? PathMath.Combine(target, parent[(link.Length + 1)..]) : target;
            if (next == parent || next.Length > MaxPathLength)
            {
                break;
            }
            parent = next;
        }
        return parent == "/" ? "/" + PathMath.FileName(path) : parent + "/" + PathMath.FileName(path);
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
