using System.Text;
using System.Text.RegularExpressions;
using HarnessBench.Cli.Tests.Infrastructure;

namespace HarnessBench.Cli.Tests;

/// <summary>
/// `hbench run` killed with SIGKILL mid-sweep (no handler runs, nothing is flushed or cleaned),
/// then the same command again: it must reap the dead process's containers, keep every stored
/// line, repair a torn last line, and finish with exactly one result line per planned cell.
/// </summary>
[Collection(OneSweepAtATime.Name)]
public sealed class KillAndResumeTests
{
    private const int Repeats = 6;
    private static readonly TimeSpan SweepTimeout = TimeSpan.FromMinutes(5);

    [DockerFact]
    public async Task Kill_9_mid_sweep_then_rerun_finishes_with_one_line_per_cell_and_no_leftovers()
    {
        await using var sandbox = new BenchSandbox("kill");
        using var engine = EngineApi.FromEnvironment();
        // Each cell's agent sleeps 4 s, so with concurrency 2 a kill lands among running cells.
        sandbox.WriteScriptTask("sleepy", "sleep 4\necho ok > done.txt\n");
        sandbox.WriteBench(["sleepy"], repeats: Repeats, concurrency: 2);
        var planned = Enumerable.Range(1, Repeats).Select(r => $"none__oracle__sleepy__r{r}").ToHashSet();
        string[] args = ["run", "--plain", "bench.yaml"];

        EngineContainer victim;
        ResultsFile beforeKill;
        using (var first = CliProcess.Start(sandbox.Root, args))
        {
            // Once a result line is stored, hbench is frozen (SIGSTOP) before its containers are
            // looked at: from then on it can neither finish a cell nor remove a container, so the
            // running agent seen is still there when the kill lands, however slow the machine. When
            // no agent is running at that moment (between cells), it is thawed and looked at again.
            victim = await Poll.UntilAsync(async () =>
            {
                if (sandbox.ReadResults().Lines.Count == 0)
                {
                    return null;
                }

                first.Signal("STOP");
                var agent = (await engine.ListAsync(EngineApi.BenchRunLabel, sandbox.RunName))
                    .FirstOrDefault(c => c.State == "running" && c.Label(EngineApi.PhaseLabel) == "agent");
                if (agent is null)
                {
                    first.Signal("CONT");
                }

                return agent;
            }, TimeSpan.FromSeconds(120), () => $"a stored result line and a running agent container\n{first.Describe()}", first);

            first.KillHard(); // SIGKILL ends a stopped process like a running one
            // 128 + 9: it died of the signal, no handler ran.
            Assert.True(await first.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 137, $"expected death by SIGKILL\n{first.Describe()}");

            // The dead process's containers are still there, labelled with its identity host:pid:start.
            var leftovers = await engine.ListAsync(EngineApi.BenchRunLabel, sandbox.RunName);
            Assert.Contains(leftovers, c => c.Id == victim.Id);
            Assert.All(leftovers, c =>
            {
                Assert.Equal("true", c.Label(EngineApi.ManagedLabel));
                Assert.Matches($@"^.+:{first.Pid}:\d+$", c.Label(EngineApi.OwnerLabel));
            });
            beforeKill = sandbox.ReadResults();
        }

        var deadOwner = victim.Label(EngineApi.OwnerLabel);
        Assert.NotEmpty(beforeKill.Lines);
        Assert.All(beforeKill.Lines, l => Assert.True(l.Verdict is "pass" or "fail", l.ToString()));

        // A kill between write() and the newline is rare enough never to happen on cue, so the torn
        // write is made by hand: half of a line for a cell that has no result yet, no newline.
        var unrecorded = planned.Except(beforeKill.Lines.Select(l => l.CellId)).Order(StringComparer.Ordinal).First();
        var template = Encoding.UTF8.GetString(beforeKill.CompleteBytes).Split('\n')[0];
        var torn = Regex.Replace(template, "\"cell_id\":\"[^\"]+\"", $"\"cell_id\":\"{unrecorded}\"");
        await File.AppendAllTextAsync(sandbox.ResultsPath, torn[..(torn.Length / 2)]);

        using (var second = CliProcess.Start(sandbox.Root, args))
        {
            // The "bench ..." line comes after the start-up reap: from then on nothing of the dead owner may exist.
            await second.WaitForStdoutAsync($"bench {sandbox.RunName.Split('-')[0]}:", TimeSpan.FromMinutes(2));
            var remaining = await engine.ListAsync(EngineApi.OwnerLabel, deadOwner);
            Assert.True(remaining.Count == 0, $"containers of the dead owner {deadOwner} survived the rerun's start:\n{string.Join('\n', remaining)}\n{second.Describe()}");

            Assert.True(await second.WaitForExitAsync(SweepTimeout) == 0, second.Describe());
            Assert.Contains("left behind by a dead hbench process", second.Stdout, StringComparison.Ordinal);
            Assert.Contains("removed a partial last line", second.Stdout, StringComparison.Ordinal);
            Assert.Contains($"{beforeKill.Lines.Count} already done", second.Stdout, StringComparison.Ordinal);

            var after = sandbox.ReadResults();
            var message = $"results.jsonl after the rerun:\n{after}\n{second.Describe()}";
            Assert.True(after.PartialTail is null, message);
            // Exactly one line per planned cell: nothing stored before the kill was duplicated, and
            // the cell of the torn line ran again instead of being half-counted.
            Assert.True(after.Lines.Count == planned.Count, message);
            Assert.True(after.Lines.Select(l => l.CellId).ToHashSet().SetEquals(planned), message);
            Assert.All(after.Lines, l => Assert.Equal("pass", l.Verdict));
            // Lines written before the kill are kept byte for byte, in front of the new ones.
            Assert.True(after.Bytes.AsSpan().StartsWith(beforeKill.CompleteBytes), message);
        }

        Assert.Empty(await engine.ListAsync(EngineApi.BenchRunLabel, sandbox.RunName));
    }
}
