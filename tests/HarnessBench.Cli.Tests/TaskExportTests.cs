using HarnessBench.Cli.Tests.Infrastructure;

namespace HarnessBench.Cli.Tests;

/// <summary>
/// `hbench tasks export ID --format harbor` run the way Harbor runs a task: the exported
/// environment/Dockerfile is built (FROM this machine's Debian 12 rootfs image, since no registry is
/// reachable here: the same release as the default debian:bookworm-slim), tests/ and solution/ are
/// uploaded to /tests and /solution, and tests/test.sh writes the reward: 1 after solve.sh, 0 on the
/// untouched seed.
/// </summary>
public sealed class TaskExportTests
{
    [DockerFact]
    public async Task An_exported_task_runs_as_a_harbor_task_and_rewards_only_the_solution()
    {
        await using var sandbox = new BenchSandbox("export");
        var outDir = Path.Combine(sandbox.Root, "exported");
        using var export = await CliProcess.RunAsync(RepoPaths.Root, ["tasks", "export", "py-word-freq", "--format", "harbor", "--out", outDir], TimeSpan.FromMinutes(1));
        Assert.True(export.ExitCode == 0, export.Describe());
        var task = Path.Combine(outDir, "py-word-freq");
        foreach (var file in new[] { "instruction.md", "task.toml", "environment/Dockerfile", "tests/test.sh", "solution/solve.sh" })
            Assert.True(File.Exists(Path.Combine(task, file)), file);
        Assert.Contains("allow_internet = false", File.ReadAllText(Path.Combine(task, "task.toml")), StringComparison.Ordinal);

        var rootfs = await HostCommand.RunAsync(TimeSpan.FromMinutes(1), "docker", "image", "ls", "hbench/base-rootfs", "--format", "{{.Repository}}:{{.Tag}}");
        var from = rootfs.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        Assert.True(from is not null, $"no hbench/base-rootfs image (./hbench images build makes it): {rootfs}");
        var image = $"hbench-test/export-{sandbox.RunName}";
        try
        {
            var build = await HostCommand.RunAsync(TimeSpan.FromMinutes(10), "docker", "build", "-q", "--build-arg", $"HB_FROM={from}", "-t", image, Path.Combine(task, "environment"));
            Assert.True(build.ExitCode == 0, build.ToString());

            Assert.Equal("1", await RewardAsync(image, task, solve: true));
            Assert.Equal("0", await RewardAsync(image, task, solve: false));
        }
        finally
        {
            await HostCommand.RunAsync(TimeSpan.FromMinutes(1), "docker", "image", "rm", "-f", image);
        }
    }

    // Harbor uploads tests/ and solution/, runs solve.sh (oracle) in the workdir, then tests/test.sh; the reward is in /logs/verifier.
    private static async Task<string> RewardAsync(string image, string task, bool solve)
    {
        var script = "cp -r /task/tests /tests && cp -r /task/solution /solution && " + (solve ? "bash /solution/solve.sh && " : "") +
            "bash /tests/test.sh >/tmp/verifier.log 2>&1; cat /logs/verifier/reward.txt";
        var run = await HostCommand.RunAsync(TimeSpan.FromMinutes(3), "docker", "run", "--rm", "--network", "none", "-v", $"{task}:/task:ro", image, "bash", "-c", script);
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Stdout.Trim();
    }
}
