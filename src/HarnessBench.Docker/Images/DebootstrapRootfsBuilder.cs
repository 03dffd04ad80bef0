using HarnessBench.Docker.Processes;

namespace HarnessBench.Docker.Images;

/// <summary>
/// Runs scripts/build-base-rootfs.sh (debootstrap) into a temporary directory, streams the tree
/// out with tar, and removes it. The mirror is the host's own (see <see cref="AptMirror"/>) unless
/// one is given; it is passed in at run time and is not part of any hash.
/// </summary>
internal sealed class DebootstrapRootfsBuilder(ProcessRunner processes, string scriptPath, string? mirror = null,
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
            ProcessResult result;
            using (var tail = new LogTail(log, progress))
            {
                // ProcessRunner stops the tree with SIGTERM first, which lets debootstrap unmount /proc in the target.
                result = await processes.RunAsync(
                    new ProcessSpec("bash", [scriptPath, "--mirror", source, "--recipe", image.RootfsRecipePath, target])
                    {
                        OutputPath = log,
                        Timeout = Timeout,
                        GracePeriod = TimeSpan.FromSeconds(20),
                    },
                    cancellationToken);
            }

            if (!result.Succeeded)
            {
                throw new ImageBuildException(
                    $"Building the {image.Name} rootfs failed: {Path.GetFileName(scriptPath)} " +
                    (result.TimedOut ? $"ran longer than {Timeout.TotalMinutes:0} minutes" : $"exited with {result.ExitCode}") +
                    ". Fix the cause in its output (reaching the Debian mirror, disk space, running as root), then build again. " +
                    $"Last output:{Environment.NewLine}{string.Join(Environment.NewLine, LastLines(log, 25))}");
            }

            var tarErrors = new List<string>();
            var exit = await StreamingProcess.RunAsync("tar", ["--numeric-owner", "-C", target, "-cf", "-", "."],
                consumeTar, tarErrors.Add, cancellationToken);
            if (exit != 0)
            {
                throw new ImageBuildException($"Archiving the {image.Name} rootfs with tar failed (exit {exit}): {string.Join(" ", tarErrors.TakeLast(5))}");
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
    private static async Task RemoveTreeAsync(string target, IProgress<string>? progress)
    {
        if (!Directory.Exists(target))
        {
            return;
        }

        foreach (var mount in MountsUnder(target).OrderByDescending(m => m.Length))
        {
            if (await StreamingProcess.RunAsync("umount", [mount], stdout: null, _ => { }, CancellationToken.None) != 0)
            {
                await StreamingProcess.RunAsync("umount", ["-l", mount], stdout: null, _ => { }, CancellationToken.None);
            }
        }

        var mounted = MountsUnder(target);
        if (mounted.Count > 0)
        {
            progress?.Report($"warning: not removing {target}: {string.Join(", ", mounted)} still mounted; unmount them, then delete it.");
            return;
        }

        await StreamingProcess.RunAsync("rm", ["-rf", "--one-file-system", target], stdout: null, _ => { }, CancellationToken.None);
    }

    private static List<string> MountsUnder(string target) =>
        File.Exists("/proc/self/mounts")
            ? [.. File.ReadLines("/proc/self/mounts").Select(l => l.Split(' ')).Where(f => f.Length > 1)
                .Select(f => f[1].Replace("\\040", " ", StringComparison.Ordinal))
                .Where(m => m.StartsWith(target + "/", StringComparison.Ordinal))]
            : [];

    /// <summary>Reports the lines appended to a log file while a process writes it (polled, so no pipe is shared).</summary>
    private sealed class LogTail : IDisposable
    {
        private readonly string _path;
        private readonly IProgress<string>? _progress;
        private readonly Timer? _timer;
        private readonly Lock _gate = new();
        private long _offset;
        private string _partial = "";

        public LogTail(string path, IProgress<string>? progress)
        {
            _path = path;
            _progress = progress;
            _timer = progress is null ? null : new Timer(_ => Poll(), null, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500));
        }

        public void Dispose()
        {
            _timer?.Dispose();
            Poll();
            lock (_gate)
            {
                if (_partial.Length > 0)
                {
                    _progress?.Report(_partial);
                    _partial = "";
                }
            }
        }

        private void Poll()
        {
            if (_progress is null)
            {
                return;
            }

            lock (_gate)
            {
                try
                {
                    using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                    stream.Seek(_offset, SeekOrigin.Begin);
                    using var reader = new StreamReader(stream);
                    var text = _partial + reader.ReadToEnd();
                    _offset = stream.Position;
                    var lines = text.Split('\n');
                    _partial = lines[^1];
                    foreach (var line in lines[..^1])
                    {
                        _progress.Report(line.TrimEnd('\r'));
                    }
                }
                catch (IOException)
                {
                    // Not created yet, or being rotated: the next poll catches up.
                }
            }
        }
    }
}
