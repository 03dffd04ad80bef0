using HarnessBench.Cli.Tests.Infrastructure;

namespace HarnessBench.Cli.Tests;

/// <summary>
/// Aider's layer is built on demand from the Python package index. The test decides which world it is
/// in by a probe of its own (the index, fetched from a container on the engine's default network, where
/// the layer's pip runs), then asserts the one outcome that world allows:
/// unreachable (this project's machines): every Aider cell is error harness-unavailable with the build's
/// reason, and the other harness's cells run normally; reachable: Aider is installed and its cells run
/// for real (no model here, so they fail), reporting the pinned version. An infra error, a pass or a
/// missing line is wrong in both.
/// </summary>
[Collection(OneSweepAtATime.Name)]
public sealed class HarnessUnavailableTests
{
    private const string IndexUrl = "https://pypi.org/simple/aider-chat/";

    [DockerFact]
    public async Task Aider_cells_have_the_one_outcome_the_package_index_allows()
    {
        await using var sandbox = new BenchSandbox("aider");
        sandbox.WriteScriptTask("quick", "echo ok > done.txt\n");
        sandbox.WriteBench(["quick"], repeats: 2, harnesses: "[oracle, aider]");

        using var run = await CliProcess.RunAsync(sandbox.Root, ["run", "--plain", "bench.yaml"], TimeSpan.FromMinutes(8));
        var reachable = await PackageIndexReachableAsync();

        var results = sandbox.ReadResults();
        var message = $"package index reachable: {reachable}\n{results}\n{run.Describe()}";
        var latest = results.Latest;
        Assert.True(latest.Count == 4, message);
        Assert.All(latest.Values.Where(l => l.CellId.Contains("__oracle__", StringComparison.Ordinal)), l => Assert.True(l.Verdict == "pass", message));
        var aider = latest.Values.Where(l => l.CellId.Contains("__aider__", StringComparison.Ordinal)).ToList();
        Assert.True(aider.Count == 2, message);
        if (!reachable)
        {
            Assert.All(aider, l =>
            {
                Assert.True(l.Verdict == "error" && l.ErrorKind == "harness-unavailable", message);
                var reason = l.Json.GetProperty("error_message").GetString()!;
                Assert.True(reason.Contains("harness 'aider' is unavailable", StringComparison.Ordinal), reason);
                Assert.True(reason.Contains("cannot install aider-chat==0.86.1", StringComparison.Ordinal), reason);
                Assert.False(l.Json.TryGetProperty("harness_version_reported", out _), message); // it never ran
            });
            Assert.True(run.ExitCode == 1, $"error cells make the sweep exit 1\n{message}");
        }
        else
        {
            Assert.All(aider, l =>
            {
                Assert.True(l.Verdict == "fail" && l.ErrorKind is null, message);
                Assert.True(l.Json.GetProperty("agent_exit_code").ValueKind == System.Text.Json.JsonValueKind.Number, message);
                Assert.Equal("0.86.1", l.Json.GetProperty("harness_version_reported").GetString());
            });
            Assert.True(run.ExitCode == 0, message);
        }
    }

    [Fact]
    public void The_stored_reason_is_the_layers_own_message_not_the_command_that_printed_it()
    {
        // The engine's error quotes the failing RUN (with ${AIDER_VERSION} unexpanded), then the build
        // log's tail, where the step's stderr comes wrapped in colour codes.
        const string BuildError = "Building image 'aider' (hbench/aider:8ee6) failed. Details: Image build of hbench/aider:8ee6 failed: " +
            "The command '/bin/sh -c if ! pip install \"aider-chat==${AIDER_VERSION}\"; then echo \"hbench: cannot install aider-chat==${AIDER_VERSION}: ...\"' returned a non-zero code: 1. Last output:\n" +
            "\u001b[91mERROR: No matching distribution found for aider-chat==0.86.1\n\u001b[0m\n" +
            "\u001b[91mhbench: cannot install aider-chat==0.86.1: the Python package index is unreachable from this machine\n\u001b[0m\n";

        Assert.Equal("hbench: cannot install aider-chat==0.86.1: the Python package index is unreachable from this machine",
            HarnessBench.Cli.Hosting.CatalogImageResolver.FirstLines(BuildError));
    }

    /// <summary>
    /// Fetches the index page from a container of the python toolchain image (the layer's parent) on
    /// the engine's default network: the place the layer's `pip install` runs, so proxies, DNS and CA
    /// certificates are those of the build, not the host's.
    /// </summary>
    private static async Task<bool> PackageIndexReachableAsync()
    {
        var images = await HostCommand.RunAsync(TimeSpan.FromMinutes(1), "docker", "image", "ls", "hbench/python", "--format", "{{.Repository}}:{{.Tag}}");
        var image = images.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        Assert.True(images.ExitCode == 0 && image is not null, $"no hbench/python image to probe from (the sweep builds it): {images}");
        var probe = await HostCommand.RunAsync(TimeSpan.FromMinutes(2), "docker", "run", "--rm", image!, "python3", "-c",
            $"import urllib.request; urllib.request.urlopen('{IndexUrl}', timeout=30).read(1); print('reachable')");
        return probe.ExitCode == 0 && probe.Stdout.Contains("reachable", StringComparison.Ordinal);
    }
}
