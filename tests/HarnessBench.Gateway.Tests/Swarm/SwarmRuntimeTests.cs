using HarnessBench.Core.Runtime;
using HarnessBench.Docker;
using HarnessBench.Docker.Swarm;

namespace HarnessBench.Gateway.Tests.Swarm;

/// <summary>The Swarm runtime against the real engine: files in and out, logs, exit codes, limits, timeouts, clean-up.</summary>
public sealed class SwarmRuntimeTests
{
    [DockerFact]
    public async Task Job_gets_its_inputs_before_its_command_and_gives_back_outputs_logs_and_exit_code()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using SwarmEngines engines = await SwarmFixture.EnsureSwarmAsync(timeout.Token);
        var owner = RuntimeOwner.ForCurrentProcess("test-" + Guid.NewGuid().ToString("N")[..12]);
        using var dir = new TempDirectory();
        dir.Write("in/data.txt", "hello from the host\n");
        string image = await SwarmImages.PythonAsync(engines, timeout.Token);
        string script = """
            cat /workspace/data.txt; echo made > /workspace/out.txt; id -u; cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max
            grep -E '^(CapEff|NoNewPrivs)' /proc/self/status; echo to-stderr >&2
            mkdir -p /workspace/gen /tmp/empty; for i in $(seq 300); do head -c 10000 /dev/urandom > /workspace/gen/f$i; done; exit 7
            """;
        var spec = new ContainerSpec(image, ["/bin/bash", "-c", script], "swarm-files", TimeSpan.FromSeconds(60),
            new SandboxLimits(1.0, 256L << 20, 99, 16L << 20), dir.Combine("stdout.log"), dir.Combine("stderr.log"))
        {
            CopyIn = [new DirectoryCopyIn(dir.Combine("in"), "/workspace")],
            // Many files (a multi-megabyte chunked archive) and an empty directory: both broke the client's stream.
            CopyOut = [new DirectoryCopyOut("/workspace", dir.Combine("out")), new DirectoryCopyOut("/tmp/empty", dir.Combine("empty"))],
            Labels = new Dictionary<string, string> { [ManagedLabels.Cell] = "swarm-files" },
        };

        ContainerRun run = await SwarmFixture.Runtime(engines, owner).RunAsync(spec, timeout.Token);

        string stdout = await File.ReadAllTextAsync(spec.StdoutPath);
        Assert.Equal(7, run.ExitCode);
        Assert.False(run.TimedOut);
        Assert.StartsWith("sha256:", run.ImageId, StringComparison.Ordinal);
        Assert.Equal("hello from the host\n1000\n99\nCapEff:\t0000000000000000\nNoNewPrivs:\t1\n", stdout);
        Assert.Equal("to-stderr\n", await File.ReadAllTextAsync(spec.StderrPath));
        Assert.Equal("made\n", await File.ReadAllTextAsync(dir.Combine("out", "out.txt")));
        Assert.Equal(300, Directory.GetFiles(dir.Combine("out", "gen")).Count(f => new FileInfo(f).Length == 10000));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Combine("empty")));
        Assert.Empty(await SwarmFixture.LeftoversAsync(engines, owner, timeout.Token));
    }

    [DockerFact]
    public async Task Exec_session_kills_slow_commands_caps_output_keeps_no_new_privs_and_removes_the_job()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using SwarmEngines engines = await SwarmFixture.EnsureSwarmAsync(timeout.Token);
        var owner = RuntimeOwner.ForCurrentProcess("test-" + Guid.NewGuid().ToString("N")[..12]);
        using var dir = new TempDirectory();
        string image = await SwarmImages.PythonAsync(engines, timeout.Token);
        var spec = new ContainerSpec(image, ["sleep", "300"], "swarm-exec", TimeSpan.FromMinutes(2),
            new SandboxLimits(1.0, 256L << 20, 99, 16L << 20), dir.Combine("stdout.log"), dir.Combine("stderr.log"))
        {
            Labels = new Dictionary<string, string> { [ManagedLabels.Cell] = "swarm-exec" },
        };

        await using (IContainerSession session = await SwarmFixture.Runtime(engines, owner).StartAsync(spec, timeout.Token))
        {
            // The shared session on the node's adapter: the same limits and outcomes as the local runtime's.
            ExecOutcome slow = await session.ExecAsync(["sleep", "300"], new ExecLimits(TimeSpan.FromSeconds(2), 1024), timeout.Token);
            ExecOutcome big = await session.ExecAsync(["head", "-c", "5000", "/dev/zero"], new ExecLimits(TimeSpan.FromMinutes(1), 1024), timeout.Token);
            ExecOutcome failing = await session.ExecAsync(["sh", "-c", "echo oops >&2; grep NoNewPrivs /proc/self/status; exit 7"], ExecLimits.Default, timeout.Token);

            Assert.Equal((true, (int?)null), (slow.TimedOut, slow.ExitCode));
            Assert.Equal((0, true, 1024), (big.ExitCode, big.Truncated, big.Stdout.Length));
            Assert.Equal((7, "oops\n", "NoNewPrivs:\t1\n", false), (failing.ExitCode, failing.Stderr, failing.Stdout, failing.Truncated));
        }

        Assert.Empty(await SwarmFixture.LeftoversAsync(engines, owner, timeout.Token));
    }

    [DockerFact]
    public async Task Prepared_job_runs_only_when_released_with_its_late_inputs_and_an_unused_one_is_removed()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using SwarmEngines engines = await SwarmFixture.EnsureSwarmAsync(timeout.Token);
        var owner = RuntimeOwner.ForCurrentProcess("test-" + Guid.NewGuid().ToString("N")[..12]);
        using var dir = new TempDirectory();
        dir.Write("early/hidden.txt", "EARLY");
        dir.Write("late/agent.txt", "LATE");
        string image = await SwarmImages.PythonAsync(engines, timeout.Token);
        // Exit 3 if the command starts before the late input is there: a gate that opened early.
        var spec = new ContainerSpec(image, ["/bin/sh", "-c", "test -f /workspace/agent.txt || exit 3; cat /hbench/hidden.txt /workspace/agent.txt"], "swarm-prepared",
            TimeSpan.FromSeconds(60), new SandboxLimits(1.0, 256L << 20, 99, 16L << 20), dir.Combine("stdout.log"), dir.Combine("stderr.log"))
        {
            CopyIn = [new DirectoryCopyIn(dir.Combine("early"), "/hbench")],
            Labels = new Dictionary<string, string> { [ManagedLabels.Cell] = "swarm-prepared" },
        };
        SwarmContainerRuntime runtime = SwarmFixture.Runtime(engines, owner);

        await using (IPreparedContainer prepared = await runtime.PrepareAsync(spec, timeout.Token))
        {
            Assert.IsNotType<DeferredContainer>(prepared);
            await Task.Delay(TimeSpan.FromSeconds(2), timeout.Token);
            ContainerRun run = await prepared.RunAsync([new DirectoryCopyIn(dir.Combine("late"), "/workspace")], timeout.Token);

            Assert.Equal(0, run.ExitCode);
            Assert.Equal("EARLYLATE", await File.ReadAllTextAsync(spec.StdoutPath));
            Assert.True(run.ProcessTime < TimeSpan.FromSeconds(1.5), $"process time {run.ProcessTime} must start at the release, not 2 s earlier");
        }

        Assert.Empty(await SwarmFixture.LeftoversAsync(engines, owner, timeout.Token));
        IPreparedContainer unused = await runtime.PrepareAsync(spec with { Name = "swarm-unused" }, timeout.Token);
        Assert.NotEmpty(await SwarmFixture.LeftoversAsync(engines, owner, timeout.Token));
        await unused.DisposeAsync();
        Assert.Empty(await SwarmFixture.LeftoversAsync(engines, owner, timeout.Token));
    }
}
