using HarnessBench.Cli.Hosting;
using HarnessBench.Docker;
using HarnessBench.Docker.Images;

namespace HarnessBench.Cli.Commands;

/// <summary>
/// `hbench doctor`: one screen of what is ready and what is not, each problem with the exact
/// command that fixes it. Exit 0 only when a sweep could start right now.
/// </summary>
internal sealed class DoctorCommand(DockerClient docker, ImagePipeline images, DoctorSwarm swarm, DoctorOptions options) : IHostedCommand
{
    private const long LowDiskBytes = 10L << 30;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var report = new DoctorReport();
        var home = HomeDirectory.Find();
        report.Section($"HarnessBench at {home}");
        var engineUp = await CheckEngineAsync(report, cancellationToken);
        if (engineUp)
        {
            report.Section("Images (tag = content hash of the recipe)");
            var status = await images.GetStatusAsync(cancellationToken);
            var table = new StringWriter();
            ImageStatusTable.Print(status, table);
            foreach (var row in table.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)) report.Line(row);
            var notReady = status.Where(s => !s.IsReady).Select(s => s.Name).ToList();
            if (notReady.Count > 0) report.Problem($"image(s) missing or stale: {string.Join(", ", notReady)}", $"./hbench images build {string.Join(' ', notReady)}");

            report.Section("Disk");
            foreach (var path in new[] { home, "/var/lib/docker" }.Where(Directory.Exists))
            {
                var free = new DriveInfo(Path.GetPathRoot(Path.GetFullPath(path))!).AvailableFreeSpace;
                var detail = $"{free / 1e9:F1} GB free for {path}";
                if (free < LowDiskBytes) report.Problem(detail + " (images and cell workspaces need ~10 GB; free some space)");
                else report.Ok(detail);
            }

            report.Section("Gateway socket directory");
            CheckSocketDirectory(GatewayDirectory.Path, report);
            await swarm.CheckAsync(report, cancellationToken);
        }

        if (options.Json) Console.WriteLine(report.Json());
        else report.WriteText(Console.Out);
        return !engineUp ? ExitCodes.EngineUnavailable : report.Problems == 0 ? ExitCodes.Success : ExitCodes.CheckFailed;
    }

    private async Task<bool> CheckEngineAsync(DoctorReport report, CancellationToken cancellationToken)
    {
        report.Section("Docker engine");
        try
        {
            await docker.PingAsync(cancellationToken);
            var version = await docker.VersionAsync(cancellationToken);
            report.Ok($"engine {version.Version}, API {version.ApiVersion}, {version.Os}/{version.Arch}, kernel {version.KernelVersion}");
            return true;
        }
        catch (DockerException e)
        {
            report.Problem(e.Message, "bash scripts/setup.sh   (installs and starts the engine, builds the images)");
            report.Section("Images: not checked (no engine)");
            return false;
        }
    }

    private static void CheckSocketDirectory(string dir, DoctorReport report)
    {
        // Unix socket paths are limited to 107 bytes; the per-run socket lives two levels below.
        const int maxSocketDirLength = 64;
        try
        {
            Directory.CreateDirectory(dir);
            var probe = Path.Combine(dir, $".probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            if (dir.Length <= maxSocketDirLength) report.Ok($"{dir} (writable, short enough for unix sockets)");
            else report.Problem($"{dir} is {dir.Length} characters; unix socket paths must stay under 108. Set HBENCH_RUNTIME_DIR to a shorter path.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            report.Problem($"{dir} is not writable ({e.Message}). Set HBENCH_RUNTIME_DIR to a writable directory.");
        }
    }
}

/// <summary>Options of `hbench doctor`.</summary>
/// <param name="Json">Print the findings as one JSON document instead of the screen.</param>
internal sealed record DoctorOptions(bool Json);
