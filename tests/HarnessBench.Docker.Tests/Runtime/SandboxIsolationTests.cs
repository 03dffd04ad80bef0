using System.Net;
using System.Net.Sockets;
using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Tests.Infrastructure;

namespace HarnessBench.Docker.Tests.Runtime;

/// <summary>What a sandboxed container can see and reach.</summary>
[Collection(DockerEngineGroup.Name)]
public sealed class SandboxIsolationTests(DockerFixture fixture) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [DockerFact]
    public async Task Container_sees_only_the_copied_workspace_and_no_host_files()
    {
        _dir.Write("input/a.txt", "alpha");
        _dir.Write("input/sub/b.txt", "beta");
        string marker = _dir.Write("host-only-marker", "host");
        ContainerSpec spec = fixture.Script(
            $"""
            for p in /work /work/main /root {marker} {_dir.Path}; do test -e "$p" && echo "VISIBLE $p"; done
            echo "ROOT $(ls -A / | tr '\n' ' ')"
            cd /workspace && echo "WS $(ls -A | tr '\n' ' ')" && echo "SUB $(ls -A sub)" && echo "A $(cat a.txt)"
            echo "ME $(id -u):$(id -g) OWNER $(stat -c %u:%g /workspace)"
            """,
            _dir) with
        { CopyIn = [new DirectoryCopyIn(_dir.Combine("input"), "/workspace")] };

        SandboxResult result = await fixture.RunAsync(spec);

        Assert.Equal(0, result.Run.ExitCode);
        Assert.DoesNotContain("VISIBLE", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("WS a.txt sub \n", result.Stdout + "\n", StringComparison.Ordinal);
        Assert.Contains("SUB b.txt", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("A alpha", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("ME 1000:1000 OWNER 1000:1000", result.Stdout, StringComparison.Ordinal);
        string root = result.Stdout.Split('\n').Single(l => l.StartsWith("ROOT ", StringComparison.Ordinal));
        Assert.DoesNotContain(" work ", root + " ", StringComparison.Ordinal);
        Assert.DoesNotContain(" root ", root + " ", StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task Bind_mounts_are_read_only_by_default()
    {
        _dir.Write("gateway/endpoint", "socket-dir");
        ContainerSpec spec = fixture.Script(
            "cat /run/gateway/endpoint; echo; touch /run/gateway/x 2>/dev/null && echo WRITABLE; true", _dir) with
        { Mounts = [new BindMount(_dir.Combine("gateway"), "/run/gateway")] };

        SandboxResult result = await fixture.RunAsync(spec);

        Assert.Equal("socket-dir\n", result.Stdout);
        Assert.False(File.Exists(_dir.Combine("gateway", "x")));
    }

    [DockerFact]
    public async Task Network_none_blocks_tcp_to_the_host_and_loopback()
    {
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        List<string> targets = [.. await HostAddressesAsync(), "127.0.0.1"];

        SandboxResult result = await fixture.RunAsync(fixture.Script(ProbeScript(targets, port), _dir));

        Assert.Equal(0, result.Run.ExitCode);
        foreach (string target in targets)
        {
            Assert.Contains($"BLOCKED {target}", result.Stdout, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("OPEN", result.Stdout, StringComparison.Ordinal);
        Assert.False(listener.Pending(), "the host listener received a connection from a --network none container");
        // Only the loopback interface exists.
        string interfaces = result.Stdout.Split('\n').Single(l => l.StartsWith("IFACES", StringComparison.Ordinal));
        Assert.Equal("IFACES lo:", interfaces.Trim());
    }

    /// <summary>Control for the test above: with a network the same probe does reach the host listener.</summary>
    [DockerFact]
    public async Task Network_enabled_control_reaches_the_host_listener_through_the_bridge_gateway()
    {
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        string gateway = await BridgeGatewayAsync();

        SandboxResult result = await fixture.RunAsync(fixture.Script(ProbeScript([gateway], port), _dir) with { NetworkEnabled = true });

        Assert.Contains($"OPEN {gateway}", result.Stdout, StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task Process_runs_without_capabilities_or_new_privileges_under_the_given_limits()
    {
        var limits = new SandboxLimits(0.5, 96L << 20, 40, 8L << 20);
        ContainerSpec spec = fixture.Script(
            """
            grep -E '^(CapEff|CapPrm|CapBnd|NoNewPrivs):' /proc/self/status | tr -s '\t ' ' '
            echo "TMP $(grep ' /tmp ' /proc/mounts)"
            echo "TMPMODE $(stat -c %a /tmp)"
            cg=/sys/fs/cgroup
            echo "MEM $(cat $cg/memory.max 2>/dev/null || cat $cg/memory/memory.limit_in_bytes)"
            echo "PIDS $(cat $cg/pids.max 2>/dev/null || cat $cg/pids/pids.max)"
            echo "CPU $(cat $cg/cpu.max 2>/dev/null || echo "$(cat $cg/cpu/cpu.cfs_quota_us) $(cat $cg/cpu/cpu.cfs_period_us)")"
            echo "PID1 $(cat /proc/1/comm)"
            printf '#!/bin/sh\necho ran-from-tmp\n' > /tmp/probe.sh && chmod +x /tmp/probe.sh && /tmp/probe.sh
            """,
            _dir,
            limits: limits);

        SandboxResult result = await fixture.RunAsync(spec);

        Assert.Equal(0, result.Run.ExitCode);
        Assert.Contains("CapEff: 0000000000000000", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("CapPrm: 0000000000000000", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("CapBnd: 0000000000000000", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("NoNewPrivs: 1", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"TMP tmpfs /tmp tmpfs rw,nosuid,nodev,[^\n]*size=8192k", result.Stdout);
        Assert.DoesNotMatch(@"TMP tmpfs /tmp tmpfs [^\n]*noexec", result.Stdout);
        Assert.Contains("ran-from-tmp", result.Stdout, StringComparison.Ordinal); // compilers' outputs must run from /tmp
        Assert.Contains("TMPMODE 1777", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"MEM {96L << 20}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("PIDS 40", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("CPU 50000 100000", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("PID1 docker-init", result.Stdout, StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task Running_container_carries_the_ownership_labels()
    {
        var (spec, release) = Held(fixture.Script("", _dir));
        Task<SandboxResult> run = fixture.RunAsync(spec);

        ContainerSummary seen = await WaitRunningAsync(new Dictionary<string, string?> { [ManagedLabels.Run] = fixture.Owner.RunId }, run);
        release();
        SandboxResult result = await run;

        Assert.Equal(0, result.Run.ExitCode);
        Assert.Equal(result.Run.ContainerId, seen.Id);
        Assert.Equal("true", seen.Labels[ManagedLabels.Managed]);
        Assert.Equal(fixture.Owner.Owner, seen.Labels[ManagedLabels.Owner]);
        Assert.Equal("test-cell", seen.Labels[ManagedLabels.Cell]);
        Assert.StartsWith("hb-test-", seen.Names.Single(), StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task A_spec_may_name_the_run_but_never_the_owner()
    {
        string run = "bench-run-" + Guid.NewGuid().ToString("N")[..8];
        var (spec, release) = Held(fixture.Script("", _dir) with
        {
            Labels = new Dictionary<string, string>
            {
                [ManagedLabels.Cell] = "test-cell",
                [ManagedLabels.Run] = run,
                [ManagedLabels.Owner] = "forged:1:1",
            },
        });
        Task<SandboxResult> running = fixture.RunAsync(spec);

        ContainerSummary seen = await WaitRunningAsync(new Dictionary<string, string?> { [ManagedLabels.Run] = run }, running);
        release();
        SandboxResult result = await running;

        Assert.Equal(0, result.Run.ExitCode);
        Assert.Equal(fixture.Owner.Owner, seen.Labels[ManagedLabels.Owner]);
    }

    /// <summary>
    /// The spec with a script that stays up until the test releases it (a file appears in a
    /// read-only mount), so that it is seen running however slowly it starts, instead of racing a
    /// fixed sleep. Its own timeout (60 s) ends it should the test never get there.
    /// </summary>
    private (ContainerSpec Spec, Action Release) Held(ContainerSpec spec)
    {
        string gate = _dir.Combine("gate-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(gate);
        File.SetUnixFileMode(gate, (UnixFileMode)0b111_101_101); // uid 1000 looks into it
        return (spec with
        {
            Command = ["/bin/bash", "-c", "until [ -e /run/gate/released ]; do sleep 0.1; done"],
            Mounts = [new BindMount(gate, "/run/gate")],
        }, () => File.WriteAllText(Path.Combine(gate, "released"), ""));
    }

    /// <summary>The container labelled <paramref name="filter"/> in state running; fails if the run ends first or at the hang guard.</summary>
    private async Task<ContainerSummary> WaitRunningAsync(Dictionary<string, string?> filter, Task<SandboxResult> run) =>
        await Poll.UntilAsync(async () =>
        {
            Assert.False(run.IsCompleted, $"the container ended before it was seen running: {(run.IsCompletedSuccessfully ? run.Result.Run : run.Exception)}");
            return (await fixture.Client.ListContainersAsync(filter, CancellationToken.None)).FirstOrDefault(c => c.State == "running");
        }, "the container to run");

    private static string ProbeScript(IEnumerable<string> targets, int port) =>
        $$"""
        for a in {{string.Join(' ', targets)}}; do
          if timeout 3 bash -c "exec 3<>/dev/tcp/$a/{{port}}" 2>/dev/null; then echo "OPEN $a"; else echo "BLOCKED $a"; fi
        done
        echo "IFACES $(tail -n +3 /proc/net/dev | while read name rest; do printf '%s ' "$name"; done)"
        """;

    private async Task<string> BridgeGatewayAsync()
    {
        IReadOnlyList<NetworkSummary> networks = await fixture.Client.ListNetworksAsync(null, CancellationToken.None);
        return networks.FirstOrDefault(n => n.Name == "bridge")?.Gateways is [string gateway, ..] ? gateway : "172.17.0.1";
    }

    /// <summary>The host's own IPv4 addresses (bridge gateway included): host-local targets only.</summary>
    private async Task<IEnumerable<string>> HostAddressesAsync()
    {
        var addresses = NetworkProbe.HostAddresses().ToHashSet();
        addresses.Add(await BridgeGatewayAsync());
        return addresses;
    }
}
