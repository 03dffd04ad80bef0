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

    // The agents sleep, a second at a time, until this long after the test started, then finish:
    // the first sweep is interrupted mid-sleep and the resumed one completes at the end of the
    // window, with task files (and so cell definitions) identical between the two runs. The window
    // only has to hold the caps below: agents running within StartCap, hbench gone within ExitCap.
    private static readonly TimeSpan StartCap = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan ExitCap = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SleepWindow = StartCap + ExitCap + TimeSpan.FromSeconds(5);

    [DockerFact]
    public async Task Sigint_stores_running_cells_as_interrupted_exits_130_and_resume_reruns_them()
    {
        await using var sandbox = new BenchSandbox("sigint");
        using var engine = EngineApi.FromEnvironment();
        var sleepUntil = DateTimeOffset.UtcNow + SleepWindow;
        sandbox.WriteScriptTask("slow", $"""
            while [ "$(date +%s)" -lt {sleepUntil.ToUnixTimeSeconds() + 1} ]; do sleep 1; done
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
            }, StartCap, () => $"two running agent containers\n{first.Describe()}", first);
            Assert.False(first.IgnoresSigint(), "hbench was started with SIGINT ignored (background job of a non-interactive shell?): Ctrl-C cannot be tested");
            interruptedCells = running.Select(c => c.Label(EngineApi.CellLabel)).ToHashSet();

            first.Signal("INT");
            // A hang guard that the agents' sleep outlasts: hbench stopped them instead of waiting.
            var exit = await first.WaitForExitAsync(ExitCap);
            Assert.True(exit == 130, $"Ctrl-C must exit 130 (Interrupted)\n{first.Describe()}");
            Assert.True(DateTimeOffset.UtcNow < sleepUntil, $"hbench exited only after the agents' sleep ended\n{first.Describe()}");

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

        // The resumed sweep's agents sleep out the rest of the window, then pass.
        using var second = await CliProcess.RunAsync(sandbox.Root, args, SleepWindow + TimeSpan.FromMinutes(3));
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
