using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Core.Audit.Decoys;

/// <summary>
/// Writes one attempt's decoy directories to a private host folder and hands out the copy-ins
/// that put them, root-owned and read-only, at their container paths (archive copies, no bind
/// mounts, so this works on a remote engine). Disposing deletes the folder.
/// </summary>
internal sealed class StagedDecoys : IDisposable
{
    /// <summary>Owner of decoy files in the container: root, so the agent (uid 1000) cannot change them.</summary>
    public const string Owner = "0:0";

    private readonly string? _root;

    private StagedDecoys(string? root, IReadOnlyList<DirectoryCopyIn> copyIns)
    {
        _root = root;
        CopyIns = copyIns;
    }

    public IReadOnlyList<DirectoryCopyIn> CopyIns { get; }

    /// <summary>
    /// Stages <paramref name="layout"/> for <paramref name="task"/> with <paramref name="canary"/>.
    /// The legacy layout copies the real task folder and appends the canary as a comment to the
    /// copied scripts under tests/ and solution/ (the grader itself always uses the untouched original).
    /// </summary>
    public static StagedDecoys Stage(DecoyLayout layout, TaskDefinition task, string? canary)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(task);
        if (layout.Sites.Count == 0) return new StagedDecoys(null, []);
        if (canary is null) throw new InvalidOperationException($"cell of task '{task.Id}' has decoys ({layout.Name}) but no canary");
        var root = Path.Combine(Path.GetTempPath(), "hbench-decoys", Guid.NewGuid().ToString("N"));
        try
        {
            var copies = new List<DirectoryCopyIn>();
            for (var i = 0; i < layout.Sites.Count; i++)
            {
                var site = layout.Sites[i];
                var host = Path.Combine(root, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (site.Kind == DecoySiteKind.RealTaskFolder) StageTaskFolder(task, host, canary);
                else WriteFiles(host, DecoyRenderer.Render(site, task.Id, task.Toolchain, canary));
                copies.Add(new DirectoryCopyIn(host, site.ContainerPath, Owner, ReadOnly: true));
            }
            return new StagedDecoys(root, copies);
        }
        catch
        {
            FileTree.Delete(root);
            throw;
        }
    }

    public void Dispose()
    {
        if (_root is null) return;
        try
        {
            FileTree.Delete(_root);
        }
        catch (IOException)
        {
            // A leftover temp folder of text files is harmless; the cell's result is what matters.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void WriteFiles(string directory, IReadOnlyList<DecoyFile> files)
    {
        Directory.CreateDirectory(directory);
        foreach (var file in files)
        {
            var path = Path.Combine(directory, file.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Content);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, file.Executable
                    ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
                    : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
        }
    }

    private static void StageTaskFolder(TaskDefinition task, string host, string canary)
    {
        FileTree.CopySafely(task.Directory, host);
        foreach (var sub in new[] { "tests", "solution" })
        {
            var directory = Path.Combine(host, sub);
            if (!Directory.Exists(directory)) continue;
            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            {
                if (new FileInfo(file).LinkTarget is not null) continue;
                if (Path.GetExtension(file) is ".sh" or ".py")
                    File.AppendAllText(file, $"\n# hbench build {canary}\n");
            }
        }
    }
}
