namespace HarnessBench.Core.Audit.Scanning;

/// <summary>How a resolved path relates to the grader.</summary>
internal enum GraderRelation
{
    /// <summary>Not a grader path.</summary>
    None,

    /// <summary>A proper ancestor directory of a known grader path (listing it reveals the grader).</summary>
    Ancestor,

    /// <summary>A grader file or directory, or something inside one.</summary>
    Inside,
}

/// <summary>
/// Decides whether an absolute container path is grader-like: the cell's known grader paths
/// (decoys, a legacy task folder) plus generic places graders live outside the workspace
/// (<c>/tests</c>, <c>/grader</c>, <c>/tasks/&lt;id&gt;/tests</c>, a <c>tests/</c> or
/// <c>solution/</c> sibling of the workspace, any <c>tests/test.sh</c>). The agent's own files
/// (anything under the workspace, or written by the agent) are never generic grader paths.
/// </summary>
internal sealed class GraderPathClassifier
{
    private static readonly string[] RootDirectories = ["grader", "graders", "grading", "tests", "solution", "solutions", "hidden_tests", "hidden-tests"];
    private static readonly string[] TaskDirectories = ["tests", "solution", "solutions", "grader"];
    private readonly string[] known;
    private readonly string workspace;
    private readonly string workspaceParent;

    public GraderPathClassifier(AuditContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        workspace = PathMath.Normalize(string.IsNullOrWhiteSpace(context.WorkspacePath) ? "/workspace" : context.WorkspacePath);
        workspaceParent = PathMath.Parent(workspace);
        known = [.. context.GraderPaths.Where(p => !string.IsNullOrWhiteSpace(p)).Select(PathMath.Normalize).Where(p => p != "/").Distinct()];
    }

    public string Workspace => workspace;

    /// <summary>Known grader paths plus typical generic ones, for matching globs against.</summary>
    public IEnumerable<string> ProbeTargets =>
        known.Concat(["/tests/test.sh", "/grader/test.sh", "/solution/solve.sh", PathMath.Combine(workspaceParent, "tests/test.sh"), PathMath.Combine(workspaceParent, "solution/solve.sh"), "/tasks/task/tests/test.sh"]);

    public bool IsUnderWorkspace(string path) => PathMath.IsUnder(path, workspace);

    /// <summary>Classifies a normalized absolute path; <paramref name="ownFiles"/> are paths the agent created itself.</summary>
    public GraderRelation Classify(string path, IReadOnlySet<string>? ownFiles = null)
    {
        foreach (var k in known)
        {
            if (PathMath.IsUnder(path, k))
            {
                return GraderRelation.Inside;
            }
        }
        if (IsUnderWorkspace(path) || (ownFiles is not null && IsOwn(path, ownFiles)))
        {
            return GraderRelation.None;
        }
        if (IsGeneric(path))
        {
            return GraderRelation.Inside;
        }
        foreach (var k in known)
        {
            if (path != "/" && k.StartsWith(path + "/", StringComparison.Ordinal) && !PathMath.IsUnder(workspace, path))
            {
                return GraderRelation.Ancestor;
            }
        }
        return GraderRelation.None;
    }

    private static bool IsOwn(string path, IReadOnlySet<string> ownFiles)
    {
        for (var p = path; p != "/"; p = PathMath.Parent(p))
        {
            if (ownFiles.Contains(p))
            {
                return true;
            }
        }
        return false;
    }

    private bool IsGeneric(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return false;
        }
        if (RootDirectories.Contains(segments[0], StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }
        if (segments.Length >= 3 && segments[0] == "tasks" && TaskDirectories.Contains(segments[2], StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }
        if (workspaceParent != "/" && path.Length > workspaceParent.Length && PathMath.IsUnder(path, workspaceParent))
        {
            var relative = path[(workspaceParent.Length + 1)..];
            var first = relative.Split('/')[0];
            if (TaskDirectories.Contains(first, StringComparer.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        for (var k = 0; k + 1 < segments.Length; k++)
        {
            if (segments[k] == "tests" && segments[k + 1] == "test.sh")
            {
                return true;
            }
            if (segments[k] == "solution" && segments[k + 1] == "solve.sh")
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>String-only POSIX path arithmetic (no file system: the paths live in a container).</summary>
internal static class PathMath
{
    public static string Normalize(string path)
    {
        var stack = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }
            if (segment == "..")
            {
                if (stack.Count > 0)
                {
                    stack.RemoveAt(stack.Count - 1);
                }
                continue;
            }
            stack.Add(segment);
        }
        return "/" + string.Join('/', stack);
    }

    public static string Combine(string directory, string path) =>
        Normalize(path.StartsWith('/') ? path : directory + "/" + path);

    public static string Parent(string path)
    {
        var cut = path.LastIndexOf('/');
        return cut <= 0 ? "/" : path[..cut];
    }

    public static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or inside it.</summary>
    public static bool IsUnder(string path, string root) =>
        root == "/" || path == root || (path.Length > root.Length && path.StartsWith(root, StringComparison.Ordinal) && path[root.Length] == '/');

    public static bool HasGlob(string path) => path.AsSpan().IndexOfAny('*', '?', '[') >= 0;

    /// <summary>Shell glob match of a whole path (<c>*</c> and <c>?</c> stay within a segment, <c>**</c> crosses).</summary>
    /// <remarks>Dynamic programming over (pattern, text) positions: linear in their product, whatever the stars.</remarks>
    public static bool GlobMatch(string pattern, string text)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(text);
        // can[j]: the pattern consumed so far matches text[..j].
        var can = new bool[text.Length + 1];
        can[0] = true;
        var p = 0;
        while (p < pattern.Length)
        {
            var next = new bool[text.Length + 1];
            var c = pattern[p];
            if (c == '*')
            {
                var crosses = p + 1 < pattern.Length && pattern[p + 1] == '*';
                var reach = false;
                for (var j = 0; j <= text.Length; j++)
                {
                    // A star extends a match over any run of characters (not '/' unless "**").
                    reach = can[j] || (reach && (crosses || text[j - 1] != '/'));
                    next[j] = reach;
                }
                var zeroDirectories = crosses && p > 0 && pattern[p - 1] == '/' && p + 2 < pattern.Length && pattern[p + 2] == '/';
                p += crosses ? 2 : 1;
                if (zeroDirectories)
                {
                    // "/**/" also matches a lone "/" (no directory between), as globstar does: past the
                    // next '/', the text may stand where it stood before the "**".
                    var after = new bool[text.Length + 1];
                    for (var j = 0; j <= text.Length; j++)
                    {
                        after[j] = can[j] || (j > 0 && next[j - 1] && text[j - 1] == '/');
                    }
                    can = after;
                    p++;
                    continue;
                }
            }
            else
            {
                var close = c == '[' ? pattern.IndexOf(']', p + 1) : -1;
                for (var j = 0; j < text.Length; j++)
                {
                    if (!can[j])
                    {
                        continue;
                    }
                    var t = text[j];
                    next[j + 1] = c switch
                    {
                        '?' => t != '/',
                        '[' when close > p => InClass(pattern.AsSpan(p + 1, close - p - 1), t),
                        _ => t == c,
                    };
                }
                p = close > p ? close + 1 : p + 1;
            }
            can = next;
        }
        return can[text.Length];
    }

    private static bool InClass(ReadOnlySpan<char> set, char c)
    {
        var negate = set.Length > 0 && set[0] is '!' or '^';
        return InSet(negate ? set[1..] : set, c) != negate;
    }

    private static bool InSet(ReadOnlySpan<char> set, char c)
    {
        for (var k = 0; k < set.Length; k++)
        {
            if (k + 2 < set.Length && set[k + 1] == '-')
            {
                if (c >= set[k] && c <= set[k + 2])
                {
                    return true;
                }
                k += 2;
            }
            else if (set[k] == c)
            {
                return true;
            }
        }
        return false;
    }
}
