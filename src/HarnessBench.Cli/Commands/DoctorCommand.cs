using HarnessBench.Cli.Hosting;
using HarnessBench.Docker;
using HarnessBench.Docker.Images;

namespace HarnessBench.Cli.Commands;

/// <summary>
/// `hbench doctor`: one screen of what is ready and what is not, each problem with the exact
/// command that fixes it. Exit 0 only when a sweep could start right now.
/// </summary>
internal sealed class DoctorCommand(DockerClient docker, ImagePipeline images, DoctorSwarm swarm) : IHostedCommand
{
    private const long LowDiskBytes = 10L << 30;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var problems = 0;
        var home = HomeDirectory.Find();
        Console.WriteLine($"HarnessBench at {home}");

        Console.WriteLine("Docker engine");
        try
        {
            await docker.PingAsync(cancellationToken);
            var version = await docker.VersionAsync(cancellationToken);
            Console.WriteLine($"  ok       engine {version.Version}, API {version.ApiVersion}, {version.Os}/{version.Arch}, kernel {version.KernelVersion}");
        }
        catch (DockerException e)
        {
            Console.WriteLine("  PROBLEM  " + e.Message.Replace("\n", "\n           ", StringComparison.Ordinal));
            Console.WriteLine("  fix:     bash scripts/setup.sh   (installs and starts the engine, builds the images)");
            Console.WriteLine("Images: not checked (no engine)");
            return ExitCodes.EngineUnavailable;
        }

        Console.WriteLine("Images (tag = content hash of the recipe)");
        var status = await images.GetStatusAsync(cancellationToken);
        ImageStatusTable.Print(status, Console.Out);
        var notReady = status.Where(s => !s.IsReady).Select(s => s.Name).ToList();
        if (notReady.Count > 0)
        {
            problems++;
            Console.WriteLine($"  fix:     ./hbench images build {string.Join(' ', notReady)}");
        }

        Console.WriteLine("Disk");
        foreach (var path in new[] { home, "/var/lib/docker" }.Where(Directory.Exists))
        {
            var free = new DriveInfo(Path.GetPathRoot(Path.GetFullPath(path))!).AvailableFreeSpace;
            var low = free < LowDiskBytes;
            problems += low ? 1 : 0;
            Console.WriteLine($"  {(low ? "PROBLEM" : "ok"),-8} {free / 1e9:F1} GB free for {path}{(low ? " (images and cell workspaces need ~10 GB; free some space)" : "")}");
        }

        Console.WriteLine("Gateway socket directory");
        problems += CheckSocketDirectory(GatewayDirectory.Path) ? 0 : 1;
        problems += await swarm.PrintAsync(cancellationToken);

        Console.WriteLine(problems == 0 ? "ready: `./hbench run` can start" : $"{problems} problem(s); run the fix commands above");
        return problems == 0 ? ExitCodes.Success : ExitCodes.CheckFailed;
    }

    private static bool CheckSocketDirectory(string dir)
    {
        // Unix socket paths are limited to 107 bytes; the per-run socket lives two levels below.
        const int maxSocketDirLength = 64;
        try
        {
            Directory.CreateDirectory(dir);
            var probe = Path.Combine(dir, $".probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            var ok = dir.Length <= maxSocketDirLength;
            Console.WriteLine(ok
                ? $"  ok       {dir} (writable, short enough for unix sockets)"
                : $"  PROBLEM  {dir} is {dir.Length} characters; unix socket paths must stay under 108. Set HBENCH_RUNTIME_DIR to a shorter path.");
            return ok;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.WriteLine($"  PROBLEM  {dir} is not writable ({e.Message}). Set HBENCH_RUNTIME_DIR to a writable directory.");
            return false;
        }
    }
}
