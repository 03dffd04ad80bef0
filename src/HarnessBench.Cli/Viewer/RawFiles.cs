namespace HarnessBench.Cli.Viewer;

/// <summary>A raw file of a cell folder, '/'-separated relative to it.</summary>
internal sealed record RawFile(string RelativePath, long Length);

/// <summary>
/// The raw logs of a cell folder, and the one way the viewer opens a file by a name that came from
/// a URL. The folder holds what the agent left (agent-logs/, workspace/), so a request may only name
/// a regular file below the cell folder: no absolute path, no "." or ".." segment, no backslash or
/// NUL, and no symbolic link anywhere on the way (a link the agent planted could point at any file
/// of the host). Refusals return null, which the server answers with 404.
/// </summary>
internal static class RawFiles
{
    /// <summary>The logs a cell folder can have, in the order the cell page lists them.</summary>
    private static readonly string[] Known =
    [
        "agent.stdout.log", "agent.stderr.log", "grader.stdout.log", "grader.stderr.log", "error.log",
        "trajectory.jsonl", "trajectory.warnings.log", "evidence/evidence.jsonl", "gateway.transcript.jsonl.gz",
        "harness/prompt.txt", "harness/run.sh",
    ];

    private const int MaxListed = 300;

    /// <summary>The absolute path of <paramref name="relativePath"/> inside the cell folder, or null when refused or missing.</summary>
    public static string? Resolve(string cellDirectory, string relativePath)
    {
        if (string.IsNullOrEmpty(relativePath) || relativePath.Length > 4096) return null;
        if (relativePath[0] == '/' || relativePath.IndexOfAny(['\\', '\0']) >= 0) return null;
        var segments = relativePath.Split('/');
        if (segments.Any(s => s.Length == 0 || s is "." or "..")) return null;

        var root = new DirectoryInfo(cellDirectory);
        if (!root.Exists || root.LinkTarget is not null) return null;
        var path = root.FullName;
        for (var i = 0; i < segments.Length; i++)
        {
            path = System.IO.Path.Combine(path, segments[i]);
            FileSystemInfo entry = i == segments.Length - 1 ? new FileInfo(path) : new DirectoryInfo(path);
            if (entry.LinkTarget is not null || !entry.Exists) return null;
        }

        var full = System.IO.Path.GetFullPath(path);
        return full.StartsWith(root.FullName.TrimEnd('/') + "/", StringComparison.Ordinal) ? full : null;
    }

    /// <summary>The known logs that exist, then agent-logs/ (links are never followed or listed), capped.</summary>
    public static IReadOnlyList<RawFile> List(string cellDirectory)
    {
        var files = new List<RawFile>();
        foreach (var name in Known)
        {
            if (Resolve(cellDirectory, name) is { } path) files.Add(new RawFile(name, new FileInfo(path).Length));
        }

        var agentLogs = new DirectoryInfo(System.IO.Path.Combine(cellDirectory, "agent-logs"));
        if (!agentLogs.Exists || agentLogs.LinkTarget is not null) return files;
        var pending = new Stack<DirectoryInfo>();
        pending.Push(agentLogs);
        var found = new List<RawFile>();
        while (pending.Count > 0 && found.Count < MaxListed)
        {
            IEnumerable<FileSystemInfo> entries;
            try
            {
                entries = pending.Pop().EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var entry in entries)
            {
                if (entry.LinkTarget is not null) continue;
                if (entry is DirectoryInfo dir) pending.Push(dir);
                else if (entry is FileInfo file && found.Count < MaxListed)
                {
                    found.Add(new RawFile(System.IO.Path.GetRelativePath(cellDirectory, file.FullName).Replace('\\', '/'), file.Length));
                }
            }
        }

        files.AddRange(found.OrderBy(f => f.RelativePath, StringComparer.Ordinal));
        return files;
    }

    /// <summary>
    /// The name a raw file gets in a static export: files that a web server or browser could render
    /// as a page (.html, .svg...) get ".txt" added, so an exported log is always shown as text;
    /// gzip transcripts are written decompressed.
    /// </summary>
    public static string ExportName(string relativePath)
    {
        if (relativePath.EndsWith(".gz", StringComparison.Ordinal)) relativePath = relativePath[..^3];
        var extension = System.IO.Path.GetExtension(relativePath);
        return extension is ".log" or ".txt" or ".jsonl" or ".json" ? relativePath : relativePath + ".txt";
    }
}
