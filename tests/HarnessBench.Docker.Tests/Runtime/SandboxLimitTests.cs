using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Tests.Infrastructure;

namespace HarnessBench.Docker.Tests.Runtime;

/// <summary>Memory, pids and wall-clock limits, and that containers never outlive a run.</summary>
[Collection(DockerEngineGroup.Name)]
public sealed class SandboxLimitTests(DockerFixture fixture) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [DockerFact]
    public async Task Memory_hog_is_oom_killed_and_reported()
    {
        // tail buffers a "line" of /dev/zero forever: memory grows until the limit.
        ContainerSpec spec = fixture.Script("tail /dev/zero", _dir, limits: new SandboxLimits(1.0, 64L << 20, 64, 16L << 20));

        SandboxResult result = await fixture.RunAsync(spec);

        Assert.True(result.Run.OomKilled);
        Assert.False(result.Run.TimedOut);
        Assert.Equal(137, result.Run.ExitCode);
    }

    [DockerFact]
    public async Task Fork_bomb_hits_the_pids_limit_and_the_container_survives_it()
    {
        // dash reports a failed fork at once (bash would retry for seconds); the outer bash lives on.
        ContainerSpec spec = fixture.Script(
            """
            sh -c 'i=0; while [ $i -lt 500 ]; do sleep 60 & i=$((i+1)); done; echo all-forked'
            echo "bomb-exit=$?"
            exit 42
            """,
            _dir,
            limits: new SandboxLimits(1.0, 256L << 20, 32, 16L << 20));

        SandboxResult result = await fixture.RunAsync(spec);

        Assert.Equal(42, result.Run.ExitCode);
        Assert.False(result.Run.TimedOut);
        Assert.False(result.Run.OomKilled);
        Assert.DoesNotContain("all-forked", result.Stdout, StringComparison.Ordinal);
        Assert.Matches("bomb-exit=[1-9]", result.Stdout);
        Assert.Contains("fork", result.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [DockerFact]
    public async Task Sleeping_container_is_killed_at_its_timeout_and_removed()
    {
        // 5 s is ample for bash to print before the timeout, however loaded the machine; the sleep
        // would last 300 s, so only a timeout that is not enforced comes near the hang guard.
        var timeout = TimeSpan.FromSeconds(5);
        ContainerSpec spec = fixture.Script("echo started; sleep 300", _dir, timeout: timeout);

        SandboxResult result = await fixture.RunAsync(spec);

        Assert.True(result.Run.TimedOut);
        Assert.Null(result.Run.ExitCode);
        Assert.Equal("started\n", result.Stdout);
        Assert.InRange(result.Run.TotalTime, timeout, TimeSpan.FromMinutes(2)); // never before its timeout; after it, a hang guard
        Assert.Null(await fixture.Client.InspectContainerAsync(result.Run.ContainerId, CancellationToken.None));
        IReadOnlyList<ContainerSummary> mine = await fixture.Client.ListContainersAsync(
            new Dictionary<string, string?> { [ManagedLabels.Run] = fixture.Owner.RunId }, CancellationToken.None);
        Assert.DoesNotContain(mine, c => c.Id == result.Run.ContainerId);
    }

    [DockerFact]
    public async Task Cancellation_kills_and_removes_the_container_then_throws()
    {
        string cell = "cancel-" + Guid.NewGuid().ToString("N")[..8];
        ContainerSpec spec = fixture.Script("sleep 300", _dir) with { Labels = new Dictionary<string, string> { [ManagedLabels.Cell] = cell } };
        using var cancel = new CancellationTokenSource();

        Task<ContainerRun> run = fixture.Runtime.RunAsync(spec, cancel.Token);
        // Cancelled once the container runs (not after a guessed 2 s, which a slow engine may still spend creating it).
        await Poll.UntilAsync(async () => run.IsCompleted || await RunningAsync(cell), $"the container of {cell} to run");
        Assert.False(run.IsCompleted, "the run ended before it was cancelled");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Poll.DefaultTimeout));

        IReadOnlyList<ContainerSummary> mine = await fixture.Client.ListContainersAsync(
            new Dictionary<string, string?> { [ManagedLabels.Run] = fixture.Owner.RunId }, CancellationToken.None);
        Assert.Empty(mine);
    }

    private async Task<bool> RunningAsync(string cell) =>
        (await fixture.Client.ListContainersAsync(new Dictionary<string, string?> { [ManagedLabels.Cell] = cell }, CancellationToken.None))
            .Any(c => c.State == "running");

    [DockerFact]
    public async Task Exit_code_logs_labels_and_image_id_are_reported()
    {
        ContainerSpec spec = fixture.Script("echo out; echo err >&2; exit 3", _dir);

        SandboxResult result = await fixture.RunAsync(spec);

        Assert.Equal(3, result.Run.ExitCode);
        Assert.Equal("out\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
        Assert.StartsWith("sha256:", result.Run.ImageId, StringComparison.Ordinal);
        Assert.Equal((await fixture.Client.InspectImageAsync(fixture.Image, CancellationToken.None))!.Id, result.Run.ImageId);
        Assert.True(result.Run.TotalTime >= result.Run.ProcessTime);
    }

    [DockerFact]
    public async Task Missing_image_throws_with_the_build_command()
    {
        ContainerSpec spec = fixture.Script("true", _dir) with { Image = "harnessbench-test/does-not-exist:1" };

        var error = await Assert.ThrowsAsync<ContainerRuntimeException>(() => fixture.Runtime.RunAsync(spec, CancellationToken.None));

        Assert.Contains("harnessbench-test/does-not-exist:1 is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("./hbench images build", error.Message, StringComparison.Ordinal);
    }
}
