namespace HarnessBench.Core.Pipeline;

/// <summary>Directory copy and delete that never follow a symlink out of the tree.</summary>
internal static class FileTree
{
    /// <summary>
    /// Copies <paramref name="source"/> into <paramref name="destination"/>. Symlinks whose final
    /// target is inside <paramref name="source"/> are recreated as relative links; others are skipped
    /// and reported. Directory symlinks are never descended into (no cycles, no escapes).
    /// </summary>
    public static (int Files, long Bytes, List<string> Skipped) CopySafely(string source, string destination)
    {
        var root = Path.GetFullPath(source);
        var skipped = new List<string>();
        var files = 0;
        var bytes = 0L;
        Directory.CreateDirectory(destination);
        if (new DirectoryInfo(root).LinkTarget is not null)
        {
            skipped.Add(".");
            return (0, 0, skipped);
        }
        var pending = new Stack<(DirectoryInfo From, string To)>();
        pending.Push((new DirectoryInfo(root), destination));
        while (pending.Count > 0)
        {
            var (from, to) = pending.Pop();
            foreach (var entry in from.EnumerateFileSystemInfos())
            {
                var target = Path.Combine(to, entry.Name);
                var relative = Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
                if (entry.LinkTarget is not null)
                {
                    if (!CopyLink(entry, root, target)) skipped.Add(relative);
                }
                else if (entry is DirectoryInfo directory)
                {
                    Directory.CreateDirectory(target);
                    pending.Push((directory, target));
                }
                else if (entry is FileInfo file)
                {
                    file.CopyTo(target);
                    files++;
                    bytes += file.Length;
                }
            }
        }
        return (files, bytes, skipped);
    }

    /// <summary>Deletes a tree, first restoring owner write permission (copied-out workspaces may have read-only directories).</summary>
    public static void Delete(string path)
    {
        if (!Directory.Exists(path)) return;
        if (!OperatingSystem.IsWindows())
        {
            foreach (var directory in new DirectoryInfo(path).EnumerateDirectories("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true }).Prepend(new DirectoryInfo(path)))
            {
                if (directory.LinkTarget is null)
                    directory.UnixFileMode |= UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            }
        }
        Directory.Delete(path, recursive: true);
    }

    private static bool CopyLink(FileSystemInfo link, string root, string target)
    {
        FileSystemInfo? final;
        try
        {
            final = link.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException)
        {
            return false; // a link cycle
        }
        if (final is null || !final.Exists || !IsInside(final.FullName, root)) return false;
        var relativeTarget = Path.GetRelativePath(Path.GetDirectoryName(link.FullName)!, final.FullName);
        if (link is DirectoryInfo) Directory.CreateSymbolicLink(target, relativeTarget);
        else File.CreateSymbolicLink(target, relativeTarget);
        return true;
    }

    private static bool IsInside(string path, string root) =>
        path.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
