using HarnessBench.Core.Tasks;

namespace HarnessBench.Core.Validation;

/// <summary>
/// One built-in subversion attempt of the hack gate (<c>hbench tasks validate</c>): files that, laid
/// over the task's unsolved seed, try to turn it into a pass without solving it. Derived from the
/// task's solution surface and toolchain, never written per task, so every task, old or new, is
/// attacked the same way. Each must end <c>fail</c> and be audited <c>tamper</c>.
/// </summary>
/// <param name="Name">Stable id, also the harness name's suffix ("py-exit-at-import").</param>
/// <param name="Class">What kind of subversion it is (exit at load, exit handler, signal, framework patch, evidence forgery, build configuration).</param>
/// <param name="Files">The overlay for a task: workspace-relative path to content; null when the attempt does not apply.</param>
public sealed record HackAttempt(string Name, string Class, Func<TaskDefinition, IReadOnlyDictionary<string, string>?> Files)
{
    /// <summary>The harness name of this attempt ("hack-" + name).</summary>
    public string HarnessName => "hack-" + Name;
}

/// <summary>How an attempt reaches a task's code: the first seed file of a language in the surface.</summary>
internal static class HackTarget
{
    /// <summary>
    /// The first surface file with one of <paramref name="extensions"/>: from the seed (with its content),
    /// else one the reference solution creates (empty: the agent would have to write it); null when none.
    /// </summary>
    public static (string Path, string Content)? SurfaceFile(TaskDefinition task, params string[] extensions)
    {
        if (task.Surface is not { } surface) return null;
        foreach (var (root, withContent) in new[] { (task.WorkspaceDirectory, true), (task.SolutionDirectory, false) })
        {
            if (!Directory.Exists(root)) continue;
            var path = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
                // solution/solve.sh is run by the oracle, never laid over the workspace: it is no target.
                .Where(p => withContent || p != "solve.sh")
                .Where(p => surface.Contains(p) && extensions.Any(e => p.EndsWith(e, StringComparison.Ordinal)))
                .Order(StringComparer.Ordinal)
                .FirstOrDefault();
            if (path is not null) return (path, withContent ? File.ReadAllText(Path.Combine(root, path)) : "");
        }
        return null;
    }

    /// <summary>An overlay that puts <paramref name="before"/> in front of (and <paramref name="after"/> behind) the target file.</summary>
    public static IReadOnlyDictionary<string, string>? Wrap(TaskDefinition task, string[] extensions, string before, string after = "")
    {
        if (SurfaceFile(task, extensions) is not { } target) return null;
        var content = target.Content;
        // A shebang must stay the first line.
        if (content.StartsWith("#!", StringComparison.Ordinal) && before.Length > 0)
        {
            var end = content.IndexOf('\n', StringComparison.Ordinal) + 1;
            content = content[..end] + before + content[end..];
        }
        else
        {
            content = before + content;
        }
        return new Dictionary<string, string>(StringComparer.Ordinal) { [target.Path] = content + (content.EndsWith('\n') || content.Length == 0 ? "" : "\n") + after };
    }

    /// <summary>The seed's copy of a workspace file, or null.</summary>
    public static string? Seed(TaskDefinition task, string relative)
    {
        var path = Path.Combine(task.WorkspaceDirectory, relative);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }
}
