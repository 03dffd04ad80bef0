using System.Diagnostics;
using HarnessBench.Cli.Tests.Infrastructure;

namespace HarnessBench.Cli.Tests;

/// <summary>
/// One Ctrl-C (SIGINT) during a sweep: exit 130 promptly, running cells stored as error
/// "interrupted" (never fail), their containers gone; the same command later reruns them.
/// </summary>
[Collection(OneSweepAtATime.Name)]
public sealed class InterruptTests
{
    private const int Repeats = 3;

    // The agents sleep 60 s while the clock is before this deadline and finish at once after it, so
    // the first sweep is interrupted mid-sleep and the resumed one completes quickly, with task files
    // (and so cell definitions) identical between the two runs.
    private static readonly TimeSpan SlowWindow = TimeSpan.FromSeconds(15);

    [DockerFact]
    public async Task Sigint_stores_running_cells_as_interrupted_exits_130_and_resume_reruns_them()
    {
        await using var sandbox = new BenchSandbox("sigint");
        using var engine = EngineApi.FromEnvironment();
        var slowUntil = DateTimeOffset.UtcNow + SlowWindow;
        sandbox.WriteScriptTask("slow", $"""
            if [ "$(date +%s)" -lt {slowUntil.ToUnixTimeSeconds()} ]; then sleep 60; fi
            echo ok > done.txt

            """);
        sandbox.WriteBench(["slow"], repeats: Repeats, concurrency: 2);
        var planned = Enumerable.Range(1, Repeats).Select(r => $"none__oracle__slow__r{r}").ToHashSet();
        string[] args = ["run", "--plain", "bench.yaml"];

        HashSet<string> interruptedCells;
        using (var first = CliProcess.Start(sandbox.Root, args))
        {
            var running = await Poll.UntilAsync(async () =>
            {
                var agents = (await engine.ListAsync(EngineApi.BenchRunLabel, sandbox.RunName))
                    .Where(c => c.State == "running" && c.Label(EngineApi.PhaseLabel) == "agent").ToList();
                return agents.Count == 2 ? agents : null;
            }, TimeSpan.FromSeconds(60), () => $"two running agent containers\n{first.Describe()}", first);
            Assert.True(DateTimeOffset.UtcNow < slowUntil - TimeSpan.FromSeconds(2),
                $"the machine is too slow for this test: the agents started after their {SlowWindow.TotalSeconds}s sleeping window");
            Assert.False(first.IgnoresSigint(), "hbench was started with SIGINT ignored (background job of a non-interactive shell?): Ctrl-C cannot be tested");
            interruptedCells = running.Select(c => c.Label(EngineApi.CellLabel)).ToHashSet();

            var clock = Stopwatch.StartNew();
            first.Signal("INT");
            var exit = await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.True(exit == 130, $"Ctrl-C must exit 130 (Interrupted)\n{first.Describe()}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");

            // Nothing of this process is left: the graceful stop killed and removed its containers.
            var leftovers = await engine.ListAsync(EngineApi.BenchRunLabel, sandbox.RunName);
            Assert.True(leftovers.Count == 0, $"containers left after Ctrl-C:\n{string.Join('\n', leftovers)}\n{first.Describe()}");

            var stored = sandbox.ReadResults();
            var message = $"{stored}\n{first.Describe()}";
            Assert.True(stored.PartialTail is null, message);
            // Exactly the cells that were running have a line, and it is error/interrupted, not fail.
            Assert.True(stored.Lines.Select(l => l.CellId).ToHashSet().SetEquals(interruptedCells), message);
            Assert.All(stored.Lines, l =>
            {
                Assert.Equal("error", l.Verdict);
                Assert.Equal("interrupted", l.ErrorKind);
            });
            Assert.Contains("interrupted", first.Stdout, StringComparison.Ordinal);
        }

        await Poll.UntilAsync(() => Task.FromResult(DateTimeOffset.UtcNow > slowUntil + TimeSpan.FromSeconds(1) ? (object?)true : null),
            SlowWindow + TimeSpan.FromSeconds(5), () => "the end of the sleeping window");

        using var second = await CliProcess.RunAsync(sandbox.Root, args, TimeSpan.FromMinutes(2));
        Assert.True(second.ExitCode == 0, second.Describe());
        // Interrupted cells are not "done": all three run (two again, one for the first time).
        Assert.Contains($"{Repeats} cell(s) to run, 0 already done", second.Stdout, StringComparison.Ordinal);
        var final = sandbox.ReadResults();
        var finalMessage = $"{final}\n{second.Describe()}";
        Assert.True(final.Latest.Keys.ToHashSet().SetEquals(planned), finalMessage);
        Assert.All(final.Latest.Values, l => Assert.Equal("pass", l.Verdict));
        foreach (var cell in planned)
        {
            var lines = final.Lines.Where(l => l.CellId == cell).Select(l => $"{l.Verdict}/{l.ErrorKind}").ToList();
            Assert.Equal(interruptedCells.Contains(cell) ? ["error/interrupted", "pass/"] : ["pass/"], lines);
        }

        Assert.Empty(await engine.ListAsync(EngineApi.BenchRunLabel, sandbox.RunName));
    }
}
