using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Processes;
using HarnessBench.Docker.Runtime;
using HarnessBench.Docker.Tests.Infrastructure;

namespace HarnessBench.Docker.Tests.Runtime;

/// <summary>
/// Containers prepared ahead of their command (the grader's head start): early inputs in, started
/// behind the stdin gate, the late inputs in, then released. The command must never run before the
/// release, must see both inputs, and must be timed from the release.
/// </summary>
[Collection(DockerEngineGroup.Name)]
public sealed class PreparedContainerTests(DockerFixture fixture) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [DockerFact]
    public async Task The_command_runs_only_after_the_release_with_early_and_late_inputs_and_is_timed_from_the_release()
    {
        _dir.Write("early/hidden.txt", "EARLY");
        _dir.Write("late/agent.txt", "LATE");
        // Fails (exit 3) if it starts before the late input is there: a gate that opened early.
        ContainerSpec spec = fixture.Script(
            "test -f /workspace/agent.txt || exit 3; cat /hbench/hidden.txt /workspace/agent.txt; echo written > /workspace/made.txt", _dir) with
        {
            CopyIn = [new DirectoryCopyIn(_dir.Combine("early"), "/hbench")],
            CopyOut = [new DirectoryCopyOut("/workspace", _dir.Combine("out"))],
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        await using IPreparedContainer prepared = await fixture.Runtime.PrepareAsync(spec, timeout.Token);
        Assert.IsNotType<DeferredContainer>(prepared);
        string id = Assert.Single(await MineAsync()).Id;
        Assert.True((await fixture.Client.InspectContainerAsync(id, timeout.Token))!.State.Running, "a prepared container is started (behind its gate)");
        await Task.Delay(TimeSpan.FromSeconds(2), timeout.Token);
        ContainerRun run = await prepared.RunAsync([new DirectoryCopyIn(_dir.Combine("late"), "/workspace")], timeout.Token);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("EARLYLATE", await File.ReadAllTextAsync(spec.StdoutPath));
        Assert.Equal("written\n", await File.ReadAllTextAsync(_dir.Combine("out", "made.txt")));
        Assert.True(run.ProcessTime < TimeSpan.FromSeconds(1.5), $"process time {run.ProcessTime} must start at the release, not at the container's start 2 s earlier");
        Assert.Empty(await MineAsync());
    }

    [DockerFact]
    public async Task The_timeout_counts_from_the_release_not_from_the_start()
    {
        ContainerSpec spec = fixture.Script("sleep 1; echo done", _dir, timeout: TimeSpan.FromSeconds(3));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        await using IPreparedContainer prepared = await fixture.Runtime.PrepareAsync(spec, timeout.Token);
        await Task.Delay(TimeSpan.FromSeconds(4), timeout.Token); // longer than the timeout, before the release
        ContainerRun run = await prepared.RunAsync([], timeout.Token);

        Assert.False(run.TimedOut);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("done\n", await File.ReadAllTextAsync(spec.StdoutPath));
    }

    [DockerFact]
    public async Task Disposing_without_running_removes_the_container_and_the_command_never_ran()
    {
        ContainerSpec spec = fixture.Script("echo RAN", _dir);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        IPreparedContainer prepared = await fixture.Runtime.PrepareAsync(spec, timeout.Token);
        Assert.Single(await MineAsync());
        await prepared.DisposeAsync();

        Assert.Empty(await MineAsync());
        Assert.False(File.Exists(spec.StdoutPath) && (await File.ReadAllTextAsync(spec.StdoutPath)).Contains("RAN", StringComparison.Ordinal));
    }

    [DockerFact]
    public async Task A_gate_whose_stdin_closes_without_the_release_exits_125_and_never_runs_the_command()
    {
        ContainerSpec spec = fixture.Script("echo RAN", _dir);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using IPreparedContainer prepared = await fixture.Runtime.PrepareAsync(spec, timeout.Token);
        string id = Assert.Single(await MineAsync()).Id;

        // What happens when hbench dies while a container waits: its stdin closes with no line written.
        var closed = await fixture.Processes.RunAsync(new ProcessSpec("sh", ["-c", $"docker attach --sig-proxy=false {id} </dev/null"]) { Timeout = TimeSpan.FromSeconds(30) }, timeout.Token);
        long status = await fixture.Client.WaitContainerAsync(id, timeout.Token);
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        await fixture.Client.GetLogsAsync(id, stdout, stderr, 1 << 16, timeout.Token);

        Assert.True(status == 125, $"exit {status}; attach: {closed.StandardError}");
        Assert.DoesNotContain("RAN", System.Text.Encoding.UTF8.GetString(stdout.ToArray()), StringComparison.Ordinal);
        Assert.Contains("hb-gate: stdin closed before the release", System.Text.Encoding.UTF8.GetString(stderr.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void The_gate_wraps_the_whole_argv_and_keeps_stdin_open_once()
    {
        var options = new ContainerCreateOptions("img") { Entrypoint = ["bash"], Cmd = ["/hbench/grader/test.sh", "a b"] };

        ContainerCreateOptions gated = PreparedGate.Around(options);

        Assert.Equal(["/bin/sh"], gated.Entrypoint);
        Assert.Equal(["-c", PreparedGate.Script, "hb-gate", "bash", "/hbench/grader/test.sh", "a b"], gated.Cmd);
        Assert.True(gated.OpenStdin);
        Assert.False(options.OpenStdin);
    }

    private async Task<IReadOnlyList<ContainerSummary>> MineAsync() =>
        await fixture.Client.ListContainersAsync(new Dictionary<string, string?> { [ManagedLabels.Run] = fixture.Owner.RunId }, CancellationToken.None);
}
