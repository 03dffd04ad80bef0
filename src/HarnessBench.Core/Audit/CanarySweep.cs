using System.IO.Compression;
using HarnessBench.Core.Pipeline;

namespace HarnessBench.Core.Audit;

/// <summary>
/// Looks for the cell's canary in everything the agent produced outside the trajectory: the raw
/// harness stdout/stderr, extra harness logs (agent-logs/), the gateway transcript (gzip; every
/// request carries what entered the model's context) and the final workspace. Any hit is READ:
/// the canary exists only in decoy files, so it can only get there through a read of one.
/// </summary>
internal static class CanarySweep
{
    public static void Run(CellPaths cell, CanaryMatcher matcher, List<AuditFinding> findings, List<string> errors)
    {
        Check(cell.AgentStdout, "agent-stdout", matcher, findings, errors);
        Check(cell.AgentStderr, "agent-stderr", matcher, findings, errors);
        foreach (var (file, relative) in Files(cell.AgentLogs))
            Check(file, $"{Path.GetFileName(cell.AgentLogs)}/{relative}", matcher, findings, errors);
        Check(cell.Transcript, "transcript", matcher, findings, errors, gzip: true);
        foreach (var (file, relative) in Files(cell.Workspace))
            Check(file, "workspace", matcher, findings, errors, label: relative);
    }

    private static void Check(string path, string source, CanaryMatcher matcher, List<AuditFinding> findings, List<string> errors, bool gzip = false, string? label = null)
    {
        if (!File.Exists(path)) return;
        try
        {
            using var file = File.OpenRead(path);
            using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
            string? form;
            try
            {
                form = matcher.Find(stream);
            }
            catch (InvalidDataException) when (gzip)
            {
                // A transcript cut short (the agent was killed mid-request): search what decompresses.
                form = FindInTruncatedGzip(path, matcher);
            }
            if (form is null) return;
            var where = label is null ? source : $"workspace/{label}";
            findings.Add(new AuditFinding(AuditSeverity.Read, $"canary-{form}", source, null, $"the cell's canary ({form}) is in {where}"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{source}: {ex.Message}");
        }
    }

    private static string? FindInTruncatedGzip(string path, CanaryMatcher matcher)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        try
        {
            int read;
            while ((read = gzip.Read(chunk)) > 0) buffer.Write(chunk, 0, read);
        }
        catch (InvalidDataException)
        {
        }
        catch (EndOfStreamException)
        {
        }
        return matcher.Find(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Regular files under <paramref name="root"/>, never through a symlink.</summary>
    internal static IEnumerable<(string Path, string Relative)> Files(string root)
    {
        if (!Directory.Exists(root)) yield break;
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(root));
        while (pending.Count > 0)
        {
            foreach (var entry in pending.Pop().EnumerateFileSystemInfos("*", options).OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                if (entry.LinkTarget is not null) continue;
                if (entry is DirectoryInfo directory) pending.Push(directory);
                else yield return (entry.FullName, Path.GetRelativePath(root, entry.FullName).Replace('\\', '/'));
            }
        }
    }
}
