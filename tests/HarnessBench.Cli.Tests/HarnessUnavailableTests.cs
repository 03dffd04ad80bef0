using HarnessBench.Cli.Tests.Infrastructure;

namespace HarnessBench.Cli.Tests;

/// <summary>
/// Aider's layer is built on demand from the Python package index. Where that index is unreachable
/// (this project's machines) the sweep must still store one line per Aider cell, as
/// error harness-unavailable with the build's reason, and run the other harnesses' cells normally.
/// </summary>
[Collection(OneSweepAtATime.Name)]
public sealed class HarnessUnavailableTests
{
    [DockerFact]
    public async Task Aider_cells_are_stored_as_harness_unavailable_when_its_layer_cannot_be_built()
    {
        await using var sandbox = new BenchSandbox("aider");
        sandbox.WriteScriptTask("quick", "echo ok > done.txt\n");
        sandbox.WriteBench(["quick"], repeats: 2, harnesses: "[oracle, aider]");

        using var run = await CliProcess.RunAsync(sandbox.Root, ["run", "--plain", "bench.yaml"], TimeSpan.FromMinutes(8));

        var message = $"{sandbox.ReadResults()}\n{run.Describe()}";
        var latest = sandbox.ReadResults().Latest;
        Assert.True(latest.Count == 4, message);
        Assert.All(latest.Values.Where(l => l.CellId.Contains("__oracle__", StringComparison.Ordinal)), l => Assert.Equal("pass", l.Verdict));
        var aider = latest.Values.Where(l => l.CellId.Contains("__aider__", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, aider.Count);
        if (aider.All(l => l.ErrorKind == "harness-unavailable"))
        {
            Assert.All(aider, l => Assert.Equal("error", l.Verdict));
            var reason = aider[0].Json.GetProperty("error_message").GetString()!;
            Assert.Contains("harness 'aider' is unavailable", reason, StringComparison.Ordinal);
            Assert.Contains("aider-chat", reason, StringComparison.Ordinal);
        }
        else
        {
            // The index is reachable here: Aider was installed, and its cells ran for real (no model: they fail or pass, never unavailable).
            Assert.All(aider, l => Assert.NotEqual("harness-unavailable", l.ErrorKind));
        }
    }
}
