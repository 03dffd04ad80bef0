using System.Security.Cryptography;
using System.Text;

namespace HarnessBench.Core.Tasks;

/// <summary>
/// Hashes everything that defines a task's behaviour: task.yaml, the prompt file, the tests/,
/// workspace/, solution/ and environment/ trees and the graders' shared library (tasks/_lib, which every driver
/// runs on) (paths, bytes, the executable bit, symlink targets).
/// Symlinks are hashed as links and never followed, so the hash cannot escape the task directory.
/// </summary>
internal static class TaskContentHasher
{
    private static readonly string[] Trees = ["tests", "workspace", "solution", TaskDefinition.EnvironmentFolder, "../_lib"];

    /// <returns>"sha256:" followed by 64 lowercase hex digits.</returns>
    public static string Compute(string taskDirectory, string? promptFile)
    {
        var entries = new List<string> { "task.yaml" };
        if (promptFile is not null) entries.Add(promptFile.Replace('\\', '/'));
        foreach (var tree in Trees)
        {
            var root = new DirectoryInfo(Path.Combine(taskDirectory, tree));
            if (!root.Exists) continue;
            if (root.LinkTarget is null) Collect(root, tree, entries);
            else entries.Add(tree);
        }
        entries.Sort(StringComparer.Ordinal);

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var relative in entries)
            Append(hash, taskDirectory, relative);
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Collect(DirectoryInfo directory, string relative, List<string> entries)
    {
        entries.Add(relative + "/");
        foreach (var info in directory.EnumerateFileSystemInfos())
        {
            var path = $"{relative}/{info.Name}";
            if (info.LinkTarget is null && info is DirectoryInfo child) Collect(child, path, entries);
            else entries.Add(path);
        }
    }

    private static void Append(IncrementalHash hash, string taskDirectory, string relative)
    {
        var full = Path.Combine(taskDirectory, relative.TrimEnd('/'));
        if (relative.EndsWith('/'))
        {
            Write(hash, $"D\0{relative}\0");
            return;
        }
        var info = new FileInfo(full);
        if (info.LinkTarget is { } target)
        {
            Write(hash, $"L\0{relative}\0{target}\0");
            return;
        }
        var executable = !OperatingSystem.IsWindows() && (info.UnixFileMode & UnixFileMode.UserExecute) != 0;
        Write(hash, $"F\0{relative}\0{info.Length}\0{(executable ? "x" : "-")}\0");
        using var stream = info.OpenRead();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer)) > 0)
            hash.AppendData(buffer, 0, read);
    }

    private static void Write(IncrementalHash hash, string text) => hash.AppendData(Encoding.UTF8.GetBytes(text));
}
