namespace HarnessBench.Cli.Tests.Infrastructure;

/// <summary>The second Swarm node of scripts/swarm-worker.sh (a Docker-in-Docker worker), for the multi-node tests.</summary>
internal static class SwarmWorker
{
    /// <summary>The worker's container and node hostname.</summary>
    public const string Name = "hbench-swarm-worker";

    private static readonly string Script = Path.Combine(RepoPaths.Root, "scripts", "swarm-worker.sh");

    /// <summary>Runs `scripts/swarm-worker.sh ARGS` (up, down, status).</summary>
    public static Task<HostCommand.Result> RunAsync(TimeSpan timeout, params string[] args) =>
        HostCommand.RunAsync(timeout, "bash", [Script, .. args]);

    public static async Task<bool> IsUpAsync() => (await RunAsync(TimeSpan.FromSeconds(30), "status")).Stdout.Trim() != "down";

    /// <summary>Starts (or keeps) the worker; fails the test when it cannot. Returns its engine endpoint.</summary>
    public static async Task<string> UpAsync()
    {
        var up = await RunAsync(TimeSpan.FromMinutes(10), "up");
        Xunit.Assert.True(up.ExitCode == 0, $"scripts/swarm-worker.sh up: {up}");
        // The last line: "Swarm worker <id> ready: engine unix:///..., images: ..."
        string line = up.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        int at = line.IndexOf("engine ", StringComparison.Ordinal) + "engine ".Length;
        return line[at..line.IndexOf(',', at)];
    }

    public static async Task DownAsync()
    {
        var down = await RunAsync(TimeSpan.FromMinutes(1), "down");
        Xunit.Assert.True(down.ExitCode == 0, $"scripts/swarm-worker.sh down: {down}");
    }
}
