using HarnessBench.Docker.Processes;

namespace HarnessBench.Docker.Images;

/// <summary>
/// Runs scripts/build-base-rootfs.sh (debootstrap) into a temporary directory, streams the tree
/// out with tar, and removes it. The mirror is the host's own (see <see cref="AptMirror"/>) unless
/// one is given; it is passed in at run time and is not part of any hash.
/// </summary>
internal sealed class DebootstrapRootfsBuilder(ProcessLauncher processes, string scriptPath, string? mirror = null,
    string? workRoot = null, string aptDirectory = AptMirror.DefaultAptDirectory) : IRootfsBuilder
{
    /// <summary>Environment variable that overrides the mirror read from the host's apt sources.</summary>
    public const string MirrorVariable = "HBENCH_DEBIAN_MIRROR";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    public async Task BuildAsync(ImageDefinition image, Func<Stream, CancellationToken, Task> consumeTar,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var suite = ReadRecipeValue(image.RootfsRecipePath, "SUITE") ?? "bookworm";
        var source = mirror ?? AptMirror.Detect(suite, aptDirectory) ?? throw new ImageBuildException(
            $"No Debian mirror for '{suite}' was found in the host's apt sources ({aptDirectory}/sources.list.d/*.sources, " +
            $"{aptDirectory}/sources.list). Fix it: configure apt on this host (apt-get update must work), or set {MirrorVariable}.");

        var target = Path.Combine(workRoot ?? Path.GetTempPath(), $"hbench-rootfs-{Guid.NewGuid():N}");
        var log = target + ".log";
        try
        {
            // A stop sends SIGTERM to the tree first, which lets debootstrap unmount /proc in the target.
            var result = await processes.RunAsync(
                new ProcessSpec("bash", [scriptPath, "--mirror", source, "--recipe", image.RootfsRecipePath, target])
                {
                    OutputPath = log,
                    Timeout = Timeout,
                    GracePeriod = TimeSpan.FromSeconds(20),
                    OnOutputLine = progress is null ? null : progress.Report,
                    OnErrorLine = progress is null ? null : progress.Report,
                },
                cancellationToken);

            if (!result.Succeeded)
            {
                throw new ImageBuildException(
                    $"Building the {image.Name} rootfs failed: {Path.GetFileName(scriptPath)} " +
                    (result.TimedOut ? $"ran longer than {Timeout.TotalMinutes:0} minutes" : $"exited with {result.ExitCode}") +
                    ". Fix the cause in its output (reaching the Debian mirror, disk space, running as root), then build again. " +
                    $"Last output:{Environment.NewLine}{string.Join(Environment.NewLine, LastLines(log, 25))}");
            }

            var tar = await processes.RunAsync(
                new ProcessSpec("tar", ["--numeric-owner", "-C", target, "-cf", "-", "."]) { StandardOutput = consumeTar },
                cancellationToken);
            if (tar.ExitCode != 0)
            {
                throw new ImageBuildException($"Archiving the {image.Name} rootfs with tar failed (exit {tar.ExitCode}): {string.Join(" ", tar.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(5))}");
            }
        }
        finally
        {
            await RemoveTreeAsync(target, progress);
            File.Delete(log);
        }
    }

    /// <summary>A KEY=value line of the recipe (shell syntax; our values need no quoting).</summary>
    internal static string? ReadRecipeValue(string recipePath, string key) =>
        File.ReadLines(recipePath)
            .Select(line => line.Trim())
            .Where(line => line.StartsWith(key + "=", StringComparison.Ordinal))
            .Select(line => line[(key.Length + 1)..].Trim().Trim('"', '\''))
            .LastOrDefault();

    private static List<string> LastLines(string path, int count) =>
        File.Exists(path) ? [.. File.ReadLines(path).TakeLast(count)] : [];

    // debootstrap mounts /proc (and more) inside the target while it configures packages; a run
    // that was stopped leaves them mounted. Deleting recursively then would reach into the host's
    // /proc, so they are unmounted first (deepest first, lazily as a last resort), and if any is
    // still there the tree is left in place with a warning. rm --one-file-system is a second guard.
    private async Task RemoveTreeAsync(string target, IProgress<string>? progress)
    {
        if (!Directory.Exists(target))
        {
            return;
        }

        foreach (var mount in MountsUnder(target).OrderByDescending(m => m.Length))
        {
            if (!(await RunAsync("umount", mount)).Succeeded)
            {
                await RunAsync("umount", "-l", mount);
            }
        }

        var mounted = MountsUnder(target);
        if (mounted.Count > 0)
        {
            progress?.Report($"warning: not removing {target}: {string.Join(", ", mounted)} still mounted; unmount them, then delete it.");
            return;
        }

        await RunAsync("rm", "-rf", "--one-file-system", target);
    }

    // Cleanup runs to the end even when the build was cancelled: not cancellable.
    private Task<ProcessResult> RunAsync(string program, params string[] arguments) =>
        processes.RunAsync(new ProcessSpec(program, arguments), CancellationToken.None);

    private static List<string> MountsUnder(string target) =>
        File.Exists("/proc/self/mounts")
            ? [.. File.ReadLines("/proc/self/mounts").Select(l => l.Split(' ')).Where(f => f.Length > 1)
                .Select(f => f[1].Replace("\\040", " ", StringComparison.Ordinal))
                .Where(m => m.StartsWith(target + "/", StringComparison.Ordinal))]
            : [];
}
