using HarnessBench.Cli.Tests.Infrastructure;

namespace HarnessBench.Cli.Tests;

/// <summary>
/// A Swarm node lost mid-sweep: the Docker-in-Docker worker (scripts/swarm-worker.sh) is killed while
/// agents run on it. Every cell that had a container there must be stored as <c>error: backend-error</c>
/// (never a fail), the others must pass, and after the worker is back `run --rerun-errors` must finish the
/// sweep with exactly one line per cell, all passing.
/// </summary>
[Collection(OneSweepAtATime.Name)]
public sealed class SwarmNodeLossTests
{
    private static readonly TimeSpan SweepTimeout = TimeSpan.FromMinutes(8);

    [DockerFact]
    public async Task A_node_lost_mid_cell_is_a_backend_error_never_a_fail_and_rerun_errors_completes_the_sweep()
    {
        await using var sandbox = new BenchSandbox("nodeloss");
        // Long enough to be caught running on the worker; the oracle passes wherever it finishes.
        sandbox.WriteScriptTask("slow", "sleep 25; touch /workspace/done.txt\n");
        sandbox.WriteBench(["slow"], repeats: 4, concurrency: 4);
        bool wasUp = await SwarmWorker.IsUpAsync();
        string workerEngine = await SwarmWorker.UpAsync();
        try
        {
            using var sweep = CliProcess.Start(sandbox.Root, ["run", "--plain", "--backend", "swarm", "bench.yaml"]);
            string label = $"label=io.harnessbench.run={sandbox.RunName}";
            await Poll.UntilAsync(async () =>
            {
                var onWorker = await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "docker", "-H", workerEngine, "ps", "-q", "--filter", label, "--filter", "label=io.harnessbench.phase=agent");
                return onWorker.Stdout.Trim().Length > 0 ? onWorker.Stdout : null;
            }, TimeSpan.FromMinutes(3), () => $"an agent container of the run running on the worker\n{sweep.Describe()}", sweep);

            var kill = await HostCommand.RunAsync(TimeSpan.FromSeconds(60), "docker", "kill", SwarmWorker.Name);
            Assert.True(kill.ExitCode == 0, kill.ToString());
            int exit = await sweep.WaitForExitAsync(SweepTimeout);

            var lines = sandbox.ReadResults().Latest;
            Assert.True(lines.Count == 4, $"exit {exit}, {lines.Count} lines\n{sweep.Describe()}");
            Assert.DoesNotContain(lines.Values, l => l.Verdict == "fail");
            var lost = lines.Values.Where(l => l.Verdict == "error").ToList();
            Assert.NotEmpty(lost);
            Assert.All(lost, l => Assert.Equal("backend-error", l.ErrorKind));
            Assert.All(lines.Values.Where(l => l.Verdict != "error"), l => Assert.Equal("pass", l.Verdict));

            await SwarmWorker.UpAsync();
            using var rerun = await CliProcess.RunAsync(sandbox.Root, ["run", "--plain", "--backend", "swarm", "--rerun-errors", "bench.yaml"], SweepTimeout);
            Assert.True(rerun.ExitCode == 0, rerun.Describe());

            var results = sandbox.ReadResults();
            Assert.Equal(4, results.Latest.Count);
            Assert.All(results.Latest.Values, l => Assert.Equal("pass", l.Verdict));
            // Resume appends the reruns: one line per cell that passed at once, two per cell that was lost.
            Assert.Equal(4 + lost.Count, results.Lines.Count);
        }
        finally
        {
            if (!wasUp) await SwarmWorker.DownAsync();
        }
    }
}
