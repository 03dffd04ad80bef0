using System.Collections.Concurrent;
using HarnessBench.Core.Config;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Sweep;
using HarnessBench.Docker.Processes;

namespace HarnessBench.Docker.Tests.Processes;

/// <summary>The real SweepRunner with fake cell stages and real model servers (python3 -m http.server).</summary>
public sealed class ManagedServersSweepTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Each_model_s_server_is_up_for_its_own_cells_only_one_at_a_time_and_stopped_after()
    {
        int p1 = ManagedModelServersTests.FreePort(), p2 = ManagedModelServersTests.FreePort();
        var plan = WritePlan(p1, p2);
        var stages = new ProbingStages(new Dictionary<string, int> { ["m1"] = p1, ["m2"] = p2 });
        var output = new StringWriter();
        var run = new RunContext("served", "s", _dir.Combine("results", "served"));
        Directory.CreateDirectory(run.RunDirectory);

        SweepSummary summary;
        await using (var servers = new ManagedModelServers(run.RunDirectory, output) { GracePeriod = TimeSpan.FromSeconds(2) })
        using (var store = JsonlResultStore.Open(run.RunDirectory))
        {
            summary = await new SweepRunner(new CellPipeline(stages, stages, stages, TimeProvider.System), store, servers, new NullObserver(), TimeProvider.System)
                .RunAsync(plan, run, new SweepOptions { Concurrency = 2 }, CancellationToken.None);
        }

        Assert.Equal(SweepStatus.Completed, summary.Status);
        Assert.Equal(4, stages.Probes.Count);
        // Every cell saw its own model's server answering and the other one down.
        Assert.All(stages.Probes, p => Assert.Equal((true, false), (p.Own, p.Other)));
        Assert.Equal(["ready m1", "stopped m1", "ready m2", "stopped m2"], File.ReadAllLines(Path.Join(run.RunDirectory, "servers.jsonl"))
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Select(e => $"{e.GetProperty("event").GetString()} {e.GetProperty("model").GetString()}"));
        Assert.True(File.Exists(ManagedModelServers.LogPath(run.RunDirectory, "m2")));
        Assert.False(await Answers(p1));
        Assert.False(await Answers(p2));
        var text = output.ToString();
        Assert.True(text.IndexOf("model m1: server stopped", StringComparison.Ordinal) < text.IndexOf("model m2: starting server", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelling_the_sweep_while_cells_run_stops_the_server()
    {
        int p1 = ManagedModelServersTests.FreePort(), p2 = ManagedModelServersTests.FreePort();
        var plan = WritePlan(p1, p2);
        using var cts = new CancellationTokenSource();
        var stages = new ProbingStages(new Dictionary<string, int> { ["m1"] = p1, ["m2"] = p2 })
        {
            // The first cell plays Ctrl-C: the sweep is cancelled while m1's server is up.
            AfterProbe = async token =>
            {
                await cts.CancelAsync();
                await Task.Delay(Timeout.Infinite, token);
            },
        };
        var run = new RunContext("served", "s", _dir.Combine("results", "served"));
        Directory.CreateDirectory(run.RunDirectory);

        SweepSummary summary;
        await using (var servers = new ManagedModelServers(run.RunDirectory, TextWriter.Null) { GracePeriod = TimeSpan.FromSeconds(2) })
        using (var store = JsonlResultStore.Open(run.RunDirectory))
        {
            summary = await new SweepRunner(new CellPipeline(stages, stages, stages, TimeProvider.System), store, servers, new NullObserver(), TimeProvider.System)
                .RunAsync(plan, run, new SweepOptions { Concurrency = 1 }, cts.Token);
            // Checked before disposal: the sweep itself stopped the server.
            Assert.False(await Answers(p1));
        }

        Assert.Equal(SweepStatus.Interrupted, summary.Status);
        Assert.Equal(2, File.ReadAllLines(Path.Join(run.RunDirectory, "servers.jsonl")).Length); // m1 ready, m1 stopped; m2 never started
        Assert.False(await Answers(p2));
    }

    private Plan WritePlan(int p1, int p2)
    {
        foreach (var id in new[] { "t1", "t2" })
        {
            _dir.Write($"tasks/{id}/task.yaml", $"id: {id}\ntitle: {id}\nprompt: do it\nlanguage: python\ndifficulty: easy\ncategory: tests\ntoolchain: python\nchecks: 1\nsurface: [answer.txt]\n");
            _dir.Write($"tasks/{id}/tests/test.sh", "true\n");
            _dir.Write($"tasks/{id}/solution/answer.txt", "42\n");
            _dir.Write($"tasks/{id}/workspace/README.md", "seed\n");
        }
        string Model(string name, int port) => $"""
              - name: {name}
                openai: {"{"} base_url: http://127.0.0.1:{port}/v1 {"}"}
                serve:
                  command: [python3, -m, http.server, "{port}", --bind, 127.0.0.1]
                  ready_url: http://127.0.0.1:{port}/
                  startup_timeout: 30s

            """;
        var benchFile = _dir.Write("bench.yaml", $"name: served\nharnesses: [nop]\nconcurrency: 2\nmodels:\n{Model("m1", p1)}{Model("m2", p2)}");
        var load = BenchLoader.Load(benchFile, new BenchLoadOptions(HarnessRegistry.CreateWithBuiltIns().Names) { ProcessorCount = 2 });
        Assert.True(load.Succeeded, string.Join("\n", load.Errors));
        return Planner.Expand(load.Bench!, HarnessRegistry.CreateWithBuiltIns());
    }

    internal static async Task<bool> Answers(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/"));
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private sealed class ProbingStages(IReadOnlyDictionary<string, int> ports) : IWorkspacePreparer, IAgentRunner, IGrader
    {
        public ConcurrentBag<(string Model, bool Own, bool Other)> Probes { get; } = [];

        public Func<CancellationToken, Task>? AfterProbe { get; init; }

        private static ContainerRun Run() => new("c", "sha256:img", 0, false, false, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1));

        public Task<PrepareResult> PrepareAsync(CellWork work, CancellationToken cancellationToken) => Task.FromResult(new PrepareResult(0, 0, []));

        public async Task<AgentResult> RunAsync(CellWork work, CancellationToken cancellationToken)
        {
            var model = work.Cell.Model.Name;
            var other = ports.Keys.Single(k => k != model);
            Probes.Add((model, await Answers(ports[model]), await Answers(ports[other])));
            if (AfterProbe is not null) await AfterProbe(cancellationToken);
            return new AgentResult("img", Run());
        }

        public GraderHeadStart Prepare(CellWork work, CancellationToken cancellationToken) => GraderHeadStart.None;

        public Task<GradeResult> GradeAsync(CellWork work, GraderHeadStart headStart, CancellationToken cancellationToken) =>
            Task.FromResult(new GradeResult("img", Run(), "", "") { Evidence = new GraderEvidence(true, true, [new EvidenceCheck("c", true, "")], new EvidenceFinish(1, 1, 1, 0, null), null, null) });
    }

    private sealed class NullObserver : ISweepObserver
    {
        public void OnEvent(SweepEvent sweepEvent)
        {
        }
    }
}
