using System.Text;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Harnesses.Cli;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;
using HarnessBench.Core.Sweep;
using HarnessBench.Core.Tests.Support;
using HarnessBench.Core.Tests.Sweep;
using HarnessBench.Core.Trajectories;

namespace HarnessBench.Core.Tests.Pipeline;

/// <summary>
/// A CLI harness's version_command runs (once per agent image) and what it prints is stored in every
/// cell's line; a CLI that reports another version than harness.yaml pins is flagged, and the sweep warns.
/// </summary>
public class HarnessVersionTests
{
    private static CliHarness FakeCli(string pinned = "1.0.0") =>
        new(new HarnessDefinition("fakecli", pinned, "agents", $"npm:fakecli@{pinned}", ["fakecli", "--version"], ["fakecli", "{prompt}"],
            new Dictionary<string, string>(), [], TrajectoryParsers.ClaudeStreamJson));

    private static HarnessRegistry Registry(CliHarness harness) => HarnessRegistry.CreateWithBuiltIns().Add(harness);

    [Fact]
    public async Task The_version_the_cli_reports_is_stored_and_a_match_is_not_flagged()
    {
        using var cell = new PipelineHarness("fakecli", registry: Registry(FakeCli()));
        cell.Runtime.OnVersion = (c, _) =>
        {
            c.Stdout("fakecli 1.0.0 (build 7)\n");
            return Task.FromResult(c.Exit(0));
        };

        var result = await cell.RunAsync();

        var version = Assert.Single(cell.Runtime.SpecsFor(HarnessVersionProbe.Phase));
        Assert.Equal(["fakecli", "--version"], version.Command);
        Assert.False(version.NetworkEnabled);
        Assert.Equal("1000:1000", version.User);
        Assert.Equal("1.0.0", result.HarnessVersion);
        Assert.Equal("1.0.0", result.HarnessVersionReported);
        Assert.False(result.HarnessVersionMismatch);
        var line = Encoding.UTF8.GetString(ResultJson.Serialize(result));
        Assert.Contains("\"harness_version_reported\":\"1.0.0\"", line, StringComparison.Ordinal);
        Assert.DoesNotContain("harness_version_mismatch", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cli_reporting_another_version_is_flagged_in_the_result_line()
    {
        using var cell = new PipelineHarness("fakecli", registry: Registry(FakeCli()));
        cell.Runtime.OnVersion = (c, _) =>
        {
            c.Stdout("fakecli 9.9.9\n");
            return Task.FromResult(c.Exit(0));
        };

        var result = await cell.RunAsync();

        Assert.Equal("9.9.9", result.HarnessVersionReported);
        Assert.True(result.HarnessVersionMismatch);
        Assert.NotEqual(Verdict.Error, result.Verdict); // flagged, not refused: the cell ran and was graded
        var line = Encoding.UTF8.GetString(ResultJson.Serialize(result));
        Assert.Contains("\"harness_version_reported\":\"9.9.9\"", line, StringComparison.Ordinal);
        Assert.Contains("\"harness_version_mismatch\":true", line, StringComparison.Ordinal);
        Assert.True(ResultJson.Deserialize(Encoding.UTF8.GetBytes(line)).HarnessVersionMismatch);
    }

    [Fact]
    public async Task The_sweep_probes_once_per_image_and_warns_once_per_reported_version()
    {
        using var dir = new TempDirectory();
        var registry = Registry(FakeCli());
        TestBench.WriteTask(dir, "t1");
        TestBench.WriteTask(dir, "t2");
        var bench = TestBench.Load(dir, "name: v\nmodels: [{ name: m, scripted: scripts/demo.yaml }]\nharnesses: [fakecli]\nrepeats: 2\naudit: { decoys: off }\n", registry);
        var plan = Planner.Expand(bench, registry);
        var runtime = new FakeContainerRuntime
        {
            OnVersion = (c, _) =>
            {
                c.Stdout("9.9.9\n");
                return Task.FromResult(c.Exit(0));
            },
        };
        var observer = new RecordingObserver();
        using var store = JsonlResultStore.Open(bench.RunDirectory);
        var runner = new SweepRunner(CellPipeline.Create(runtime, new FakeImageResolver(), registry, TimeProvider.System), store,
            new NoopModelLifecycle(), observer, TimeProvider.System);

        await runner.RunAsync(plan, new RunContext(bench.RunName, "s", bench.RunDirectory), new SweepOptions { Concurrency = 2 }, CancellationToken.None);

        Assert.Equal(4, plan.Cells.Count);
        Assert.Single(runtime.SpecsFor(HarnessVersionProbe.Phase)); // both tasks run on the python image
        var lines = (await store.LoadAsync(CancellationToken.None)).Latest.Values.ToList();
        Assert.Equal(4, lines.Count);
        Assert.All(lines, l => Assert.True(l.HarnessVersionMismatch && l.HarnessVersionReported == "9.9.9"));
        var warning = Assert.Single(observer.Events.OfType<SweepWarning>());
        Assert.Contains("harness 'fakecli'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("reports version 9.9.9", warning.Message, StringComparison.Ordinal);
        Assert.Contains("pins 1.0.0", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Built_in_harnesses_run_no_version_command_and_store_no_reported_version()
    {
        using var cell = new PipelineHarness("nop");

        var result = await cell.RunAsync();

        Assert.Empty(cell.Runtime.SpecsFor(HarnessVersionProbe.Phase));
        Assert.Null(result.HarnessVersionReported);
        Assert.False(result.HarnessVersionMismatch);
    }
}
