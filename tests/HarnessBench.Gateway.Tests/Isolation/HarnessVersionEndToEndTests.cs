using HarnessBench.Core.Config;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Harnesses.Cli;
using HarnessBench.Core.Trajectories;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Gateway.Tests.Isolation;

/// <summary>
/// The version_command of a CLI harness runs in the real agent image (toolchain + agents layer, no
/// network, uid 1000) and its answer is stored: a fake CLI whose version command prints another
/// version than the one its definition pins is flagged in the result line, and the cell still runs.
/// </summary>
public sealed class HarnessVersionEndToEndTests
{
    [DockerFact]
    public async Task A_cli_whose_version_command_prints_another_version_is_flagged()
    {
        await using var e2e = await EndToEndStack.StartAsync(gateway: false);
        var task = TaskRepository.Load(Path.Combine(e2e.Repo, "tasks")).Tasks.Single(t => t.Id == "py-word-freq");
        // The version command also proves where it runs: as uid 1000, with the agents layer on PATH.
        var harness = new CliHarness(new HarnessDefinition("fakecli", "1.0.0", "agents", "npm:fakecli@1.0.0",
            ["sh", "-c", "command -v claude >/dev/null && echo \"fakecli 9.9.9 (uid $(id -u))\""], ["sh", "-c", "echo did nothing"],
            new Dictionary<string, string>(), [], TrajectoryParsers.ClaudeStreamJson));
        var pipeline = e2e.Pipeline(e2e.LayeredImages(harness), HarnessRegistry.CreateWithBuiltIns().Add(harness));
        var run = new RunContext("version-" + Guid.NewGuid().ToString("N")[..8], "s1", e2e.Directory.Combine("run"));

        var results = new List<CellResult>();
        for (var repeat = 1; repeat <= 2; repeat++)
        {
            var cell = new Cell(CellId.Create(ModelSpec.None.Name, harness.Name, task.Id, repeat), ModelSpec.None, harness.Name, harness.Version, task, repeat,
                new CellTimeouts(TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(2)), new SandboxLimits(1.0, 1L << 30, 256, 64L << 20), "sha256:test");
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(12));
            results.Add(await pipeline.RunAsync(CellWork.Create(cell, run), timeout.Token));
        }

        Assert.All(results, r =>
        {
            Assert.True(r.Verdict == Verdict.Fail, $"{r.Verdict} {r.ErrorKind} {r.ErrorMessage}");
            Assert.Equal("1.0.0", r.HarnessVersion);
            Assert.Equal("9.9.9", r.HarnessVersionReported);
            Assert.True(r.HarnessVersionMismatch);
        });
        var line = System.Text.Encoding.UTF8.GetString(ResultJson.Serialize(results[0]));
        Assert.Contains("\"harness_version_reported\":\"9.9.9\",\"harness_version_mismatch\":true", line, StringComparison.Ordinal);
    }
}
