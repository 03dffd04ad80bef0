using System.Text.Json;
using HarnessBench.Cli.Tests.Infrastructure;

namespace HarnessBench.Cli.Tests;

/// <summary>
/// The default sweep (the repository's bench.yaml as shipped: two scripted models x the four agent CLIs,
/// bare, oracle and nop x three tasks = 42 cells) through the real CLI on every execution setup: the local
/// engine, Swarm on this one node, and Swarm on two nodes (this engine and the Docker-in-Docker worker of
/// scripts/swarm-worker.sh, which pulls the cells' images from the manager's registry and reaches the one
/// gateway through its node's relay). Every cell must get the local verdict, error kind, audit severity and
/// finding detectors, and the local gateway request, prompt- and completion-token counts; each line records
/// its backend and its containers' nodes (none locally, only the manager on one node, both nodes used on
/// two, with a cell whose agent ran on the worker metered); the worker shares no directory with the host's
/// gateway; and no service, network or worker container of a run is left.
/// </summary>
[Collection(OneSweepAtATime.Name)]
public sealed class DefaultSweepOnEveryBackendTests
{
    private static readonly TimeSpan SweepTimeout = TimeSpan.FromMinutes(10);

    [DockerFact]
    public async Task The_default_sweep_gives_the_local_outcomes_on_one_and_two_swarm_nodes_and_leaves_nothing()
    {
        await using var sandbox = new BenchSandbox("default");
        string[] tasks = CopyDefaultSweep(sandbox);
        var swarm = await HostCommand.RunAsync(TimeSpan.FromSeconds(60), "bash", Path.Combine(RepoPaths.Root, "scripts", "ensure-swarm.sh"));
        Assert.True(swarm.ExitCode == 0, swarm.ToString());
        string manager = (await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "docker", "info", "--format", "{{.Name}}")).Stdout.Trim();
        bool wasUp = await SwarmWorker.IsUpAsync();
        try
        {
            if (wasUp) await SwarmWorker.DownAsync();
            var local = await SweepAsync(sandbox, "local", "local");
            var oneNode = await SweepAsync(sandbox, "swarm", "swarm1");
            string workerEngine = await SwarmWorker.UpAsync();
            var twoNodes = await SweepAsync(sandbox, "swarm", "swarm2");

            Assert.Equal(2 * 7 * tasks.Length, local.Count);
            Assert.Contains(local.Values, c => c.Outcome.Verdict == "pass");
            Assert.Contains(local.Values, c => c.Outcome.Verdict == "fail");
            foreach (string cli in new[] { "claude", "opencode", "pi", "qwen" })
            {
                Assert.Contains(local, c => c.Key.StartsWith($"scripted-oracle__{cli}__", StringComparison.Ordinal) && c.Value.Outcome.Verdict == "pass" && c.Value.Outcome.Requests > 0);
            }

            foreach ((string name, Dictionary<string, Cell> run) in new[] { ("one node", oneNode), ("two nodes", twoNodes) })
            {
                Assert.Equal(local.Keys.Order(), run.Keys.Order());
                foreach ((string cell, Cell expected) in local)
                {
                    Assert.True(expected.Outcome with { Backend = "swarm" } == run[cell].Outcome, $"{name}, {cell}: local {expected.Outcome}, swarm {run[cell].Outcome}");
                }
            }

            Assert.All(local.Values, c => Assert.Empty(c.Nodes));
            Assert.All(oneNode.Values, c => Assert.All(c.Nodes, n => Assert.Equal(manager, n)));
            var used = twoNodes.Values.SelectMany(c => c.Nodes).ToHashSet(StringComparer.Ordinal);
            Assert.True(used.SetEquals([manager, SwarmWorker.Name]), $"containers ran on [{string.Join(", ", used)}], expected {manager} and {SwarmWorker.Name}");
            Assert.Contains(twoNodes.Values, c => c.AgentNode == SwarmWorker.Name && c.Outcome.Requests > 0 && c.Outcome.PromptTokens > 0);
            var mounts = await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "docker", "inspect", "-f", "{{range .Mounts}}{{.Destination}} {{end}}", SwarmWorker.Name);
            string runtimeDir = Path.GetDirectoryName(Path.GetDirectoryName(workerEngine["unix://".Length..]))!;
            Assert.DoesNotContain(runtimeDir, mounts.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries));

            foreach (string run in new[] { "swarm1", "swarm2" })
            {
                await SwarmLeftovers.AssertNoneAsync($"{sandbox.RunName}-{run}", workerEngine);
            }
        }
        finally
        {
            if (!wasUp) await SwarmWorker.DownAsync();
        }
    }

    /// <summary>bench.yaml exactly as shipped, its scripted models and its tasks, in the sandbox; returns the task ids.</summary>
    private static string[] CopyDefaultSweep(BenchSandbox sandbox)
    {
        string yaml = File.ReadAllText(Path.Combine(RepoPaths.Root, "bench.yaml"));
        sandbox.Write("bench.yaml", yaml);
        foreach (string file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "harnesses", "scripted")))
        {
            sandbox.Write(Path.Combine("harnesses", "scripted", Path.GetFileName(file)), File.ReadAllText(file));
        }

        string line = yaml.Split('\n').Single(l => l.StartsWith("tasks:", StringComparison.Ordinal));
        string[] tasks = [.. line["tasks:".Length..].Trim().Trim('[', ']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        Assert.NotEmpty(tasks);
        foreach (string task in tasks) sandbox.CopyShippedTask(task);
        return tasks;
    }

    private static async Task<Dictionary<string, Cell>> SweepAsync(BenchSandbox sandbox, string backend, string label)
    {
        string run = $"{sandbox.RunName}-{label}";
        using var cli = await CliProcess.RunAsync(sandbox.Root, ["run", "--plain", "--backend", backend, "--run", run, "bench.yaml"], SweepTimeout);
        Assert.True(cli.ExitCode == 0, $"{label}: exit {cli.ExitCode}\n{cli.Describe()}");
        var lines = ResultsFile.Read(Path.Combine(sandbox.Root, "results", run, "results.jsonl")).Latest;
        return lines.ToDictionary(p => p.Key, p => Cell.Of(p.Value));
    }

    /// <summary>What must not depend on the backend, and where a cell's containers ran.</summary>
    private sealed record Outcome(string Verdict, string? ErrorKind, string? AuditSeverity, string Detectors, int Requests, long PromptTokens, long CompletionTokens, string? Backend);

    private sealed record Cell(Outcome Outcome, IReadOnlyList<string> Nodes, string? AgentNode)
    {
        public static Cell Of(ResultLine line)
        {
            JsonElement json = line.Json;
            JsonElement? audit = json.TryGetProperty("audit", out var a) && a.ValueKind == JsonValueKind.Object ? a : null;
            JsonElement? metering = json.TryGetProperty("metering", out var m) && m.ValueKind == JsonValueKind.Object ? m : null;
            string detectors = audit is { } au && au.TryGetProperty("findings", out var findings)
                ? string.Join(",", findings.EnumerateArray().Select(f => f.GetProperty("detector").GetString()).Order(StringComparer.Ordinal))
                : "";
            var outcome = new Outcome(line.Verdict, line.ErrorKind, audit?.GetProperty("severity").GetString(), detectors,
                metering?.GetProperty("requests").GetInt32() ?? 0, Tokens(metering, "prompt_tokens"), Tokens(metering, "completion_tokens"),
                json.GetProperty("backend").GetString());
            var nodes = new List<string>();
            string? agentNode = null;
            if (json.TryGetProperty("images", out var images) && images.ValueKind == JsonValueKind.Object)
            {
                foreach (string which in new[] { "agent", "grader" })
                {
                    if (!images.TryGetProperty(which, out var image) || image.ValueKind != JsonValueKind.Object || !image.TryGetProperty("node", out var node)) continue;
                    nodes.Add(node.GetString()!);
                    if (which == "agent") agentNode = node.GetString();
                }
            }

            return new Cell(outcome, nodes, agentNode);
        }

        private static long Tokens(JsonElement? metering, string field) =>
            metering is { } m && m.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;
    }
}
