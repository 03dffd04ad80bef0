using HarnessBench.Core.Tasks;

namespace HarnessBench.Core.Pipeline;

/// <summary>
/// The workspace the grader sees: the task's seed files with only the agent's files that match the
/// task's solution surface laid over them. A conftest.py, .cargo/config.toml, package.json or
/// Makefile the agent planted or edited outside the surface never reaches the grader; its build runs
/// on the task's own files. Symlinks are never taken from the agent (a link is not a solution).
/// </summary>
internal static class GradedWorkspace
{
    /// <summary>How many ignored paths a result line lists (the count is always exact).</summary>
    public const int ListedPaths = 50;

    /// <summary>Writes <paramref name="target"/> (created fresh) from the seed and the final workspace.</summary>
    public static GradedFiles Compose(string seed, string final, SolutionSurface surface, string target)
    {
        FileTree.Delete(target);
        if (Directory.Exists(seed)) FileTree.CopySafely(seed, target);
        else Directory.CreateDirectory(target);

        var finalFiles = Files(final);
        var seedFiles = Files(seed);
        var taken = new List<string>();
        var ignored = new List<string>();
        foreach (var (relative, info) in finalFiles)
        {
            var inSurface = surface.Contains(relative);
            var regular = info.LinkTarget is null;
            if (inSurface && regular)
            {
                var destination = Path.Combine(target, relative);
                RemoveEntry(destination);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                ((FileInfo)info).CopyTo(destination);
                taken.Add(relative);
            }
            else if (!seedFiles.TryGetValue(relative, out var original) || !SameContent(info, original))
            {
                ignored.Add(inSurface ? relative + " (symlink)" : relative);
            }
        }
        var deleted = new List<string>();
        foreach (var relative in seedFiles.Keys.Where(r => surface.Contains(r) && !finalFiles.ContainsKey(r)))
        {
            RemoveEntry(Path.Combine(target, relative));
            deleted.Add(relative);
        }
        taken.Sort(StringComparer.Ordinal);
        ignored.Sort(StringComparer.Ordinal);
        deleted.Sort(StringComparer.Ordinal);
        return new GradedFiles(taken, [.. ignored.Take(ListedPaths)], ignored.Count, deleted);
    }

    /// <summary>Files and symlinks below <paramref name="root"/> by '/'-separated relative path; directory links are not descended.</summary>
    private static Dictionary<string, FileSystemInfo> Files(string root)
    {
        var files = new Dictionary<string, FileSystemInfo>(StringComparer.Ordinal);
        if (!Directory.Exists(root) || new DirectoryInfo(root).LinkTarget is not null) return files;
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(root));
        while (pending.Count > 0)
        {
            foreach (var entry in pending.Pop().EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo directory && entry.LinkTarget is null)
                    pending.Push(directory);
                else
                    files[Path.GetRelativePath(root, entry.FullName).Replace('\\', '/')] = entry;
            }
        }
        return files;
    }

    private static bool SameContent(FileSystemInfo a, FileSystemInfo b)
    {
        if (a.LinkTarget is not null || b.LinkTarget is not null) return a.LinkTarget == b.LinkTarget;
        var (fa, fb) = ((FileInfo)a, (FileInfo)b);
        if (fa.Length != fb.Length) return false;
        using var sa = fa.OpenRead();
        using var sb = fb.OpenRead();
        Span<byte> bufferA = stackalloc byte[8192];
        Span<byte> bufferB = stackalloc byte[8192];
        int read;
        while ((read = sa.Read(bufferA)) > 0)
        {
            sb.ReadExactly(bufferB[..read]);
            if (!bufferA[..read].SequenceEqual(bufferB[..read])) return false;
        }
        return true;
    }

    private static void RemoveEntry(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || info.Exists) info.Delete();
        else if (Directory.Exists(path)) FileTree.Delete(path);
    }
}

/// <summary>What the grader took from the agent's final workspace (stored in the result line).</summary>
/// <param name="Surface">The agent's files the grader got (the solution surface), workspace-relative.</param>
/// <param name="Ignored">Up to <see cref="GradedWorkspace.ListedPaths"/> files the agent added or changed outside the surface; the grader used the seed's (or nothing).</param>
/// <param name="IgnoredCount">How many such files there were.</param>
/// <param name="Deleted">Seed files in the surface that the agent deleted (absent for the grader too).</param>
public sealed record GradedFiles(IReadOnlyList<string> Surface, IReadOnlyList<string> Ignored, int IgnoredCount, IReadOnlyList<string> Deleted);
