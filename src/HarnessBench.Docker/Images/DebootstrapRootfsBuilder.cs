using System.Diagnostics;

namespace HarnessBench.Docker.Images;

/// <summary>
/// Runs scripts/build-base-rootfs.sh (debootstrap) into a temporary directory, streams it out
/// with tar, and removes it. The mirror is the host's own (see <see cref="AptMirror"/>) unless
/// one is given; it is passed in at run time and is not part of any hash.
/// </summary>
internal sealed class DebootstrapRootfsBuilder(string scriptPath, string? mirror = null, string? workRoot = null,
    string aptDirectory = AptMirror.DefaultAptDirectory) : IRootfsBuilder
{
    public async Task BuildAsync(ImageDefinition image, Func<Stream, CancellationToken, Task> consumeTar,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var suite = ReadRecipeValue(image.RootfsRecipePath, "SUITE") ?? "bookworm";
        var source = mirror ?? AptMirror.Detect(suite, aptDirectory) ?? throw new ImageBuildException(
            $"No Debian mirror for '{suite}' was found in the host's apt sources ({aptDirectory}/sources.list.d/*.sources, " +
            $"{aptDirectory}/sources.list). Fix it: configure apt on this host (apt-get update must work), or set HBENCH_DEBIAN_MIRROR.");

        var target = Path.Combine(workRoot ?? Path.GetTempPath(), $"hbench-rootfs-{Guid.NewGuid():N}");
        try
        {
            var output = new Queue<string>();
            var exit = await HostProcess.RunAsync("bash",
                [scriptPath, "--mirror", source, "--recipe", image.RootfsRecipePath, target],
                line => { Remember(output, line); progress?.Report(line); }, stdout: null, cancellationToken);
            if (exit != 0)
            {
                throw new ImageBuildException(
                    $"Building the {image.Name} rootfs failed: {Path.GetFileName(scriptPath)} exited with {exit}. " +
                    $"Fix the cause shown in its output (network to the Debian mirror, disk space, running as root), then build again. " +
                    $"Last output:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
            }

            var tarErrors = new Queue<string>();
            exit = await HostProcess.RunAsync("tar", ["--numeric-owner", "-C", target, "-cf", "-", "."],
                line => Remember(tarErrors, line), stdout: consumeTar, cancellationToken);
            if (exit != 0)
            {
                throw new ImageBuildException($"Archiving the {image.Name} rootfs with tar failed (exit {exit}): {string.Join(" ", tarErrors)}");
            }
        }
        finally
        {
            await RemoveTreeAsync(target, progress);
        }
    }

    /// <summary>A KEY=value line of the recipe (shell syntax, no quoting needed for our values).</summary>
    internal static string? ReadRecipeValue(string recipePath, string key) =>
        File.ReadLines(recipePath)
            .Select(line => line.Trim())
            .Where(line => line.StartsWith(key + "=", StringComparison.Ordinal))
            .Select(line => line[(key.Length + 1)..].Trim().Trim('"', '\''))
            .LastOrDefault();

    private static void Remember(Queue<string> lines, string line)
    {
        lines.Enqueue(line);
        if (lines.Count > 20)
        {
            lines.Dequeue();
        }
    }

    // debootstrap mounts /proc and /sys inside the target while it works and unmounts them when it
    // ends; if something is still mounted (a killed run), deleting recursively would reach into the
    // host's /proc, so we leave the tree and say so. rm --one-file-system is a second guard.
    private static async Task RemoveTreeAsync(string target, IProgress<string>? progress)
    {
        if (!Directory.Exists(target))
        {
            return;
        }

        var mounted = File.Exists("/proc/self/mounts")
            ? File.ReadLines("/proc/self/mounts").Select(l => l.Split(' ')).Where(f => f.Length > 1)
                .Select(f => f[1]).Where(m => m.StartsWith(target + "/", StringComparison.Ordinal)).ToList()
            : [];
        if (mounted.Count > 0)
        {
            progress?.Report($"warning: not removing {target}: {string.Join(", ", mounted)} still mounted; unmount them, then delete it.");
            return;
        }

        await HostProcess.RunAsync("rm", ["-rf", "--one-file-system", target], _ => { }, stdout: null, CancellationToken.None);
    }
}

/// <summary>Runs a host process to completion; kills its whole tree when cancelled.</summary>
internal static class HostProcess
{
    /// <param name="onLine">Receives stderr lines, and stdout lines when <paramref name="stdout"/> is null.</param>
    /// <param name="stdout">When set, receives the raw stdout stream instead of line callbacks.</param>
    public static async Task<int> RunAsync(string fileName, IReadOnlyList<string> arguments, Action<string> onLine,
        Func<Stream, CancellationToken, Task>? stdout, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new ImageBuildException($"Could not start {fileName}.");
        process.StandardInput.Close();
        await using var registration = cancellationToken.Register(() =>
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        });

        var stderrTask = PumpLinesAsync(process.StandardError, onLine);
        try
        {
            if (stdout is null)
            {
                await PumpLinesAsync(process.StandardOutput, onLine);
            }
            else
            {
                await stdout(process.StandardOutput.BaseStream, cancellationToken);
                // A consumer that stopped early must not leave the process blocked on a full pipe.
                process.StandardOutput.Close();
            }
        }
        catch
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw;
        }
        finally
        {
            await stderrTask;
            await process.WaitForExitAsync(CancellationToken.None);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return process.ExitCode;
    }

    private static async Task PumpLinesAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            onLine(line);
        }
    }
}
