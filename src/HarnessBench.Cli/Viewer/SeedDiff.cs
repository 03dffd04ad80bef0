using System.Text;

namespace HarnessBench.Cli.Viewer;

/// <summary>How a workspace file differs from the task's seed.</summary>
internal enum FileChangeKind
{
    Added,
    Removed,
    Changed,
}

/// <summary>One file of the workspace diff.</summary>
/// <param name="Note">"binary, 10 B → 12 B", "symlink → target", "too large to diff"; null for a text diff.</param>
/// <param name="Lines">The unified diff (empty for a note), possibly cut (<paramref name="Cut"/>).</param>
internal sealed record FileChange(string Path, FileChangeKind Kind, string? Note, IReadOnlyList<DiffLine> Lines, bool Cut);

/// <summary>The workspace diff; <see cref="Problem"/> says why it is missing or partial.</summary>
internal sealed record WorkspaceChanges(IReadOnlyList<FileChange> Files, int Unchanged, string? Problem, bool Cut);

/// <summary>
/// The agent's final workspace (cells/&lt;id&gt;/workspace) against the task's seed
/// (tasks/&lt;task&gt;/workspace): added, removed and changed files, with a unified diff for text.
/// Links are compared as links and never followed. Capped in files and in lines so that a
/// workspace full of build output still renders fast.
/// </summary>
internal static class SeedDiff
{
    private const int MaxFiles = 20_000;
    private const int MaxChanges = 300;
    private const int MaxLinesPerFile = 400;
    private const int MaxLinesTotal = 4000;
    private const long MaxTextBytes = 512 * 1024;

    public static WorkspaceChanges Compare(string? seed, string final)
    {
        if (!Directory.Exists(final) || new DirectoryInfo(final).LinkTarget is not null) return new([], 0, "the cell has no final workspace", false);
        if (seed is null || !Directory.Exists(seed)) return new([], 0, "the task's seed workspace was not found (tasks/<task>/workspace)", false);
        var before = Entries(seed);
        var after = Entries(final);
        var files = new List<FileChange>();
        var unchanged = 0;
        var lines = 0;
        var cut = before.Count >= MaxFiles || after.Count >= MaxFiles;
        foreach (var path in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var a = before.GetValueOrDefault(path);
            var b = after.GetValueOrDefault(path);
            if (a is not null && b is not null && Same(a, b))
            {
                unchanged++;
                continue;
            }

            if (files.Count >= MaxChanges)
            {
                cut = true;
                continue;
            }

            var kind = a is null ? FileChangeKind.Added : b is null ? FileChangeKind.Removed : FileChangeKind.Changed;
            var change = Describe(path, kind, a, b, lines >= MaxLinesTotal);
            lines += change.Lines.Count;
            files.Add(change);
        }

        return new(files, unchanged, null, cut);
    }

    private static FileChange Describe(string path, FileChangeKind kind, FileSystemInfo? a, FileSystemInfo? b, bool budgetSpent)
    {
        if (a?.LinkTarget is not null || b?.LinkTarget is not null)
        {
            static string Show(FileSystemInfo? e) => e is null ? "(none)" : e.LinkTarget is { } t ? $"symlink → {t}" : $"file, {Html.Bytes(((FileInfo)e).Length)}";
            return new(path, kind, kind == FileChangeKind.Changed ? $"{Show(a)} ⇒ {Show(b)}" : Show(a ?? b), [], false);
        }

        var fa = (FileInfo?)a;
        var fb = (FileInfo?)b;
        if (budgetSpent) return new(path, kind, "diff not shown (the page's diff budget is spent)", [], true);
        if ((fa?.Length ?? 0) > MaxTextBytes || (fb?.Length ?? 0) > MaxTextBytes)
        {
            return new(path, kind, $"too large to diff: {Size(fa)} → {Size(fb)}", [], true);
        }

        var textA = fa is null ? "" : Text(fa);
        var textB = fb is null ? "" : Text(fb);
        if (textA is null || textB is null) return new(path, kind, $"binary: {Size(fa)} → {Size(fb)}", [], false);
        var diff = LineDiff.Unified(Split(textA), Split(textB));
        return diff.Count > MaxLinesPerFile ? new(path, kind, null, [.. diff.Take(MaxLinesPerFile)], true) : new(path, kind, null, diff, false);
    }

    private static string Size(FileInfo? f) => f is null ? "(none)" : Html.Bytes(f.Length);

    private static string[] Split(string text)
    {
        if (text.Length == 0) return [];
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    /// <summary>UTF-8 text, or null for binary (a NUL byte in the first 8 KB, as git decides).</summary>
    private static string? Text(FileInfo file)
    {
        var bytes = File.ReadAllBytes(file.FullName);
        return bytes.AsSpan(0, Math.Min(bytes.Length, 8000)).IndexOf((byte)0) >= 0 ? null : Encoding.UTF8.GetString(bytes);
    }

    private static bool Same(FileSystemInfo a, FileSystemInfo b)
    {
        if (a.LinkTarget is not null || b.LinkTarget is not null) return a.LinkTarget == b.LinkTarget;
        var (fa, fb) = ((FileInfo)a, (FileInfo)b);
        if (fa.Length != fb.Length) return false;
        if (fa.Length > 64L * 1024 * 1024) return false;
        return File.ReadAllBytes(fa.FullName).AsSpan().SequenceEqual(File.ReadAllBytes(fb.FullName));
    }

    /// <summary>Files and links by relative path; directories are walked, linked directories are not.</summary>
    private static Dictionary<string, FileSystemInfo> Entries(string root)
    {
        var entries = new Dictionary<string, FileSystemInfo>(StringComparer.Ordinal);
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(root));
        while (pending.Count > 0 && entries.Count < MaxFiles)
        {
            IEnumerable<FileSystemInfo> children;
            try
            {
                children = pending.Pop().EnumerateFileSystemInfos().ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var entry in children)
            {
                if (entry is DirectoryInfo dir && entry.LinkTarget is null) pending.Push(dir);
                else if (entries.Count < MaxFiles) entries[System.IO.Path.GetRelativePath(root, entry.FullName).Replace('\\', '/')] = entry;
            }
        }

        return entries;
    }
}
