namespace HarnessBench.Cli.Tests.Infrastructure;

/// <summary>What a run left on the swarm: its services and networks, and its containers on the worker's engine.</summary>
internal static class SwarmLeftovers
{
    /// <summary>
    /// Fails unless nothing labelled with <paramref name="run"/> is left (on the worker's engine too when
    /// <paramref name="workerEngine"/> is given). Polled for up to 30 s: the engine can list a removed overlay
    /// network for a moment after accepting its removal; what a run failed to remove stays (nothing reaps it).
    /// </summary>
    public static async Task AssertNoneAsync(string run, string? workerEngine = null)
    {
        var left = await ListAsync(run, workerEngine);
        for (var poll = System.Diagnostics.Stopwatch.StartNew(); left != ("", "", "") && poll.Elapsed < TimeSpan.FromSeconds(30);)
        {
            await Task.Delay(500);
            left = await ListAsync(run, workerEngine);
        }

        Xunit.Assert.True(left == ("", "", ""), $"{run} left services [{left.Services}], networks [{left.Networks}], worker containers [{left.WorkerContainers}]");
    }

    private static async Task<(string Services, string Networks, string WorkerContainers)> ListAsync(string run, string? workerEngine)
    {
        string label = $"label=io.harnessbench.run={run}";
        var services = await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "docker", "service", "ls", "--filter", label, "-q");
        var networks = await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "docker", "network", "ls", "--filter", label, "-q");
        string containers = workerEngine is null
            ? ""
            : (await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "docker", "-H", workerEngine, "ps", "-aq", "--filter", label)).Stdout;
        return (services.Stdout.Trim(), networks.Stdout.Trim(), containers.Trim());
    }
}
