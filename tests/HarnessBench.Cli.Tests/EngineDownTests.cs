using HarnessBench.Cli.Tests.Infrastructure;

namespace HarnessBench.Cli.Tests;

/// <summary>
/// With no engine at DOCKER_HOST, doctor and run exit 4 (EngineUnavailable) with a message that
/// says how to start it, and run stores nothing. No engine needed: it is pointed at a socket path
/// that does not exist.
/// </summary>
[Collection(OneSweepAtATime.Name)]
public sealed class EngineDownTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static Dictionary<string, string?> NoEngine() => new()
    {
        ["DOCKER_HOST"] = $"unix:///tmp/hb-no-engine-{Guid.NewGuid():N}.sock",
    };

    [Fact]
    public async Task Doctor_exits_4_and_says_how_to_start_the_engine_on_screen_and_in_json()
    {
        await using var sandbox = new BenchSandbox("doctor");
        using var doctor = await CliProcess.RunAsync(sandbox.Root, ["doctor"], Timeout, NoEngine());

        Assert.True(doctor.ExitCode == 4, doctor.Describe());
        var output = doctor.Stdout + "\n" + doctor.Stderr;
        Assert.Contains("not reachable", output, StringComparison.Ordinal);
        Assert.Contains("scripts/setup.sh", output, StringComparison.Ordinal);

        using var json = await CliProcess.RunAsync(sandbox.Root, ["doctor", "--json"], Timeout, NoEngine());
        Assert.True(json.ExitCode == 4, json.Describe());
        using var found = System.Text.Json.JsonDocument.Parse(json.Stdout);
        Assert.False(found.RootElement.GetProperty("ready").GetBoolean());
        var engine = found.RootElement.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "Docker engine");
        var problem = Assert.Single(engine.GetProperty("items").EnumerateArray());
        Assert.Equal("problem", problem.GetProperty("status").GetString());
        Assert.Contains("not reachable", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("bash scripts/setup.sh", problem.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_exits_4_with_the_fix_and_writes_no_result()
    {
        await using var sandbox = new BenchSandbox("noengine");
        sandbox.WriteScriptTask("quick", "echo ok > done.txt\n");
        sandbox.WriteBench(["quick"]);

        using var run = await CliProcess.RunAsync(sandbox.Root, ["run", "--plain", "bench.yaml"], Timeout, NoEngine());

        Assert.True(run.ExitCode == 4, run.Describe());
        Assert.Contains("not reachable", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("scripts/setup.sh", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(sandbox.ReadResults().Lines);
        Assert.False(Directory.Exists(Path.Combine(sandbox.RunDirectory, "cells")), "no cell may have started");
    }
}
