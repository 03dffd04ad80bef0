using HarnessBench.Core.Config;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Harnesses.Cli;
using HarnessBench.Core.Trajectories;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Tasks;
using HarnessBench.Docker;
using HarnessBench.Docker.Images;
using HarnessBench.Docker.Processes;
using HarnessBench.Docker.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

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
        string repo = RepoRoot.Find();
        var task = TaskRepository.Load(Path.Combine(repo, "tasks")).Tasks.Single(t => t.Id == "py-word-freq");
        // The version command also proves where it runs: as uid 1000, with the agents layer on PATH.
        var harness = new CliHarness(new HarnessDefinition("fakecli", "1.0.0", "agents", "npm:fakecli@1.0.0",
            ["sh", "-c", "command -v claude >/dev/null && echo \"fakecli 9.9.9 (uid $(id -u))\""], ["sh", "-c", "echo did nothing"],
            new Dictionary<string, string>(), [], TrajectoryParsers.ClaudeStreamJson));
        using var client = DockerClient.FromEnvironment();
        var images = ImagePipeline.Create(repo, client, new ProcessLauncher(NullLogger<ProcessLauncher>.Instance));
        var runtime = new DockerContainerRuntime(client, RuntimeOwner.ForCurrentProcess("test-" + Guid.NewGuid().ToString("N")[..12]), NullLogger<DockerContainerRuntime>.Instance);
        using var dir = new TempDirectory();
        var pipeline = CellPipeline.Create(runtime, new LayerImages(images, harness), HarnessRegistry.CreateWithBuiltIns().Add(harness), TimeProvider.System);
        var run = new RunContext("version-" + Guid.NewGuid().ToString("N")[..8], "s1", dir.Combine("run"));

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

    private sealed class LayerImages(ImagePipeline images, ILayeredHarness harness) : IImageResolver
    {
        public async Task<string> ResolveAsync(ImageRequest request, CancellationToken cancellationToken) =>
            request.Harness == harness.Name
                ? await images.EnsureCombinedAsync(request.Toolchain, harness.ImageLayer, progress: null, cancellationToken)
                : images.ResolveTag(request.Toolchain);
    }
}
