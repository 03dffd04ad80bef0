using System.Text.Json;
using HarnessBench.Cli.Tests.Infrastructure;

namespace HarnessBench.Cli.Tests;

/// <summary>
/// The sweep of <see cref="SwarmBackendEndToEndTests"/> on two Swarm nodes: the manager (this engine) and
/// a Docker-in-Docker worker (scripts/swarm-worker.sh) that pulls the cells' images from the manager's registry.
/// Every cell must get the local verdict, error kind, audit severity and gateway request and token counts
/// (a cell on the worker reaches the one gateway through that node's relay: the worker shares no gateway
/// directory with the host), containers must have run
/// on both nodes (each result line records its containers' nodes), and no service or network may be left.
/// </summary>
[Collection(OneSweepAtATime.Name)]
public sealed class SwarmTwoNodeEndToEndTests
{
    private const string WorkerNode = "hbench-swarm-worker";
    private static readonly TimeSpan SweepTimeout = TimeSpan.FromMinutes(8);
    private static readonly string Script = Path.Combine(RepoPaths.Root, "scripts", "swarm-worker.sh");

    [DockerFact]
    public async Task Two_nodes_give_the_local_outcomes_use_both_nodes_and_leave_nothing()
    {
        await using var sandbox = new BenchSandbox("swarm2");
        sandbox.CopyShippedTask("py-word-freq");
        sandbox.CopyShippedTask("bash-rotate-backups");
        string scripted = Path.Combine(RepoPaths.Root, "harnesses", "scripted");
        sandbox.WriteBench(["py-word-freq", "bash-rotate-backups"], harnesses: "[bare, oracle, nop]", extra: $"""
            models:
              - name: scripted-oracle
                scripted: {scripted}/oracle.yaml
              - name: scripted-nop
                scripted: {scripted}/nop.yaml
            """);

        var (local, localLines) = await SweepAsync(sandbox, "local");
        bool wasUp = (await Worker(TimeSpan.FromSeconds(30), "status")).Stdout.Trim() != "down";
        try
        {
            // No images are copied in: the worker pulls each cell's image from the manager's registry by digest.
            var up = await Worker(TimeSpan.FromMinutes(3), "up");
            Assert.True(up.ExitCode == 0, $"scripts/swarm-worker.sh up: {up}");
            var nodes = await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "docker", "node", "ls", "--filter", "role=worker", "--format", "{{.Hostname}} {{.Status}}");
            Assert.Contains($"{WorkerNode} Ready", nodes.Stdout, StringComparison.Ordinal);

            var (swarmed, swarmLines) = await SweepAsync(sandbox, "swarm");

            Assert.Equal(12, local.Count); // 2 models x 3 harnesses x 2 tasks
            Assert.Equal(local.Keys.Order(), swarmed.Keys.Order());
            Assert.Contains(local.Values, c => c.Verdict == "pass");
            Assert.Contains(local.Values, c => c.Verdict == "fail");
            Assert.Contains(local.Values, c => c.Requests > 0); // bare's cells talk to the gateway
            foreach ((string cell, Outcome expected) in local)
            {
                Assert.True(expected with { Backend = "swarm" } == swarmed[cell], $"{cell}: local {expected}, swarm {swarmed[cell]}");
            }

            // Local lines name no node; swarm lines name the node of every container, and both nodes ran some.
            Assert.All(localLines.Values, l => Assert.Empty(Nodes(l.Json)));
            var used = swarmLines.Values.SelectMany(l => Nodes(l.Json)).ToHashSet(StringComparer.Ordinal);
            string manager = (await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "docker", "info", "--format", "{{.Name}}")).Stdout.Trim();
            Assert.True(used.SetEquals([manager, WorkerNode]), $"containers ran on [{string.Join(", ", used)}], expected {manager} and {WorkerNode}");
            // A cell whose agent ran on the worker and talked to the model: metered like its local twin.
            Assert.Contains(swarmLines, p => AgentNode(p.Value.Json) == WorkerNode && swarmed[p.Key].Requests > 0 && swarmed[p.Key].PromptTokens > 0);
            // The worker's container does not see the host's runtime directory (no shared gateway directory).
            var mounts = await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "docker", "inspect", "-f", "{{range .Mounts}}{{.Destination}} {{end}}", WorkerNode);
            string runtimeDir = Path.GetDirectoryName(Path.GetDirectoryName(WorkerEngine(up.Stdout)["unix://".Length..]))!;
            Assert.DoesNotContain(runtimeDir, mounts.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries));

            string label = $"label=io.harnessbench.run={sandbox.RunName}-swarm";
            var services = await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "docker", "service", "ls", "--filter", label, "-q");
            var networks = await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "docker", "network", "ls", "--filter", label, "-q");
            var workerContainers = await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "docker", "-H", WorkerEngine(up.Stdout), "ps", "-aq", "--filter", label);
            Assert.Equal(("", "", ""), (services.Stdout.Trim(), networks.Stdout.Trim(), workerContainers.Stdout.Trim()));
        }
        finally
        {
            if (!wasUp)
            {
                var down = await Worker(TimeSpan.FromMinutes(1), "down");
                Assert.True(down.ExitCode == 0, $"scripts/swarm-worker.sh down: {down}");
                var left = await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "docker", "node", "ls", "--filter", $"name={WorkerNode}", "-q");
                Assert.Equal("", left.Stdout.Trim());
            }
        }
    }

    private static Task<HostCommand.Result> Worker(TimeSpan timeout, params string[] args) =>
        HostCommand.RunAsync(timeout, "bash", [Script, .. args]);

    /// <summary>The worker's engine endpoint from `up`'s last line ("... ready: engine unix:///..., images: ...").</summary>
    private static string WorkerEngine(string upOutput)
    {
        string line = upOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        int at = line.IndexOf("engine ", StringComparison.Ordinal) + "engine ".Length;
        return line[at..line.IndexOf(',', at)];
    }

    private static IEnumerable<string> Nodes(JsonElement line) =>
        Images(line).Where(i => i.TryGetProperty("node", out _)).Select(i => i.GetProperty("node").GetString()!);

    private static string? AgentNode(JsonElement line) =>
        line.TryGetProperty("images", out var images) && images.TryGetProperty("agent", out var agent) && agent.ValueKind == JsonValueKind.Object
        && agent.TryGetProperty("node", out var node) ? node.GetString() : null;

    private static IEnumerable<JsonElement> Images(JsonElement line)
    {
        if (!line.TryGetProperty("images", out var images) || images.ValueKind != JsonValueKind.Object) yield break;
        foreach (string which in new[] { "agent", "grader" })
        {
            if (images.TryGetProperty(which, out var image) && image.ValueKind == JsonValueKind.Object) yield return image;
        }
    }

    private static async Task<(Dictionary<string, Outcome> Outcomes, IReadOnlyDictionary<string, ResultLine> Lines)> SweepAsync(BenchSandbox sandbox, string backend)
    {
        string run = $"{sandbox.RunName}-{backend}";
        using var cli = await CliProcess.RunAsync(sandbox.Root, ["run", "--plain", "--backend", backend, "--run", run, "bench.yaml"], SweepTimeout);
        Assert.True(cli.ExitCode == 0, $"backend {backend}: exit {cli.ExitCode}\n{cli.Describe()}");
        var lines = ResultsFile.Read(Path.Combine(sandbox.Root, "results", run, "results.jsonl")).Latest;
        var outcomes = lines.ToDictionary(p => p.Key, p => new Outcome(p.Value.Verdict, p.Value.ErrorKind,
            p.Value.Json.TryGetProperty("audit", out var audit) ? audit.GetProperty("severity").GetString() : null,
            p.Value.Json.TryGetProperty("metering", out var metering) ? metering.GetProperty("requests").GetInt32() : 0,
            Tokens(p.Value.Json, "prompt_tokens"), Tokens(p.Value.Json, "completion_tokens"),
            p.Value.Json.GetProperty("backend").GetString()));
        return (outcomes, lines);
    }

    private static long Tokens(JsonElement line, string field) =>
        line.TryGetProperty("metering", out var metering) && metering.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    private sealed record Outcome(string Verdict, string? ErrorKind, string? AuditSeverity, int Requests, long PromptTokens, long CompletionTokens, string? Backend);
}
