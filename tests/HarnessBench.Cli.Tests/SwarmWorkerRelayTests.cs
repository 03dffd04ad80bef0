using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using HarnessBench.Cli.Tests.Infrastructure;
using HarnessBench.Core.Config;
using HarnessBench.Core.Runtime;
using HarnessBench.Docker;
using HarnessBench.Docker.Swarm;
using HarnessBench.Gateway;
using HarnessBench.Gateway.Sessions;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarnessBench.Cli.Tests;

/// <summary>
/// A job pinned to the Docker-in-Docker worker (which shares no gateway directory with the host) reaches
/// the host's gateway through the worker's relay and nothing else: not the manager's addresses (the
/// gateway's own TCP listener, the swarm and registry ports), not the worker node's own address, not the
/// outside; it has no default route. With the relay not running on the worker, a job placed there is a
/// backend failure, not a cell that silently cannot reach its model.
/// </summary>
[Collection(OneSweepAtATime.Name)]
public sealed class SwarmWorkerRelayTests
{
    [DockerFact]
    public async Task A_job_on_the_worker_reaches_only_the_gateway_through_its_relay_and_is_a_backend_error_without_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        CancellationToken ct = timeout.Token;
        bool wasUp = await SwarmWorker.IsUpAsync();
        try
        {
            await SwarmWorker.UpAsync();
            using var engines = SwarmEngines.FromEnvironment();
            var owner = RuntimeOwner.ForCurrentProcess("test-" + Guid.NewGuid().ToString("N")[..12]);
            var runtime = new SwarmContainerRuntime(engines, owner, NullLogger<SwarmContainerRuntime>.Instance,
                options: new SwarmRuntimeOptions { Constraints = [$"node.hostname=={SwarmWorker.Name}"] });
            var advertised = IPAddress.Parse((await engines.Manager.System.GetSystemInfoAsync(ct)).Swarm!.NodeAddr!);
            using var dir = new TempDirectory();
            await using var gateway = await ModelGateway.StartAsync(new GatewayOptions(dir.Combine("gw"), TcpPort: 0) { TcpAddress = advertised }, ct: ct);
            int gatewayPort = gateway.TcpBaseUri!.Port;
            await using IAsyncDisposable relay = await runtime.AttachGatewayAsync(dir.Combine("gw"), GatewayOptions.SocketFileName, new IPEndPoint(advertised, gatewayPort), ct);
            dir.Write("scripts/hi.yaml", "- say: hi\n");
            var model = new ModelSpec("scripted-hi", ModelKinds.Scripted, JsonSerializer.SerializeToElement(new { script = "scripts/hi.yaml" }), ModelMetadata.Empty);
            CellModelSession session = gateway.Open("cell-worker", model, new CellContext("t", "p", null, null, dir.Path));

            string workerIp = (await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "docker", "inspect", "-f", "{{.NetworkSettings.IPAddress}}", SwarmWorker.Name)).Stdout.Trim();
            // Each target answers the host (so BLOCKED from the job means something): the gateway's TCP
            // listener, the swarm manager, the registry, the worker node's gossip port.
            string[] targets = [$"{advertised}:{gatewayPort}", $"{advertised}:2377", $"{advertised}:5000", $"{workerIp}:7946"];
            foreach (string target in targets) await AssertReachableFromHostAsync(target, ct);
            dir.Write("probe/probe.py", NetworkProbe.Script);
            string script = $"""
                {GatewayOptions.RelayCommand()} &
                for i in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null && break; sleep 0.05; done
                python3 /workspace/probe.py {session.Token} {string.Join(' ', targets)} 1.1.1.1:80
                """;
            string image = await PythonImageAsync();

            ContainerRun run = await runtime.RunAsync(Spec(image, ["/bin/bash", "-c", script], owner, dir, "probe", copyProbe: true), ct);

            string stdout = await File.ReadAllTextAsync(dir.Combine("probe.stdout.log"), ct);
            Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{stdout}\n{await File.ReadAllTextAsync(dir.Combine("probe.stderr.log"), ct)}");
            Assert.Equal(SwarmWorker.Name, run.Node);
            Assert.Contains("MODELS 200 scripted-hi", stdout, StringComparison.Ordinal);
            Assert.Contains("NO-DEFAULT-ROUTE", stdout, StringComparison.Ordinal);
            foreach (string target in targets.Append("1.1.1.1:80")) Assert.Contains("BLOCKED " + target, stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("OPEN", stdout, StringComparison.Ordinal);

            // The relay leaves the worker: a job placed there is refused before its command runs.
            string relayName = (await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "docker", "service", "ls", "--filter", $"label=io.harnessbench.run={owner.RunId}", "--format", "{{.Name}}")).Stdout.Trim();
            Assert.StartsWith("hb-gateway-relay-", relayName, StringComparison.Ordinal);
            var moved = await HostCommand.RunAsync(TimeSpan.FromMinutes(1), "docker", "service", "update", "-q", "--detach", "--constraint-add", "node.role==manager", relayName);
            Assert.True(moved.ExitCode == 0, moved.ToString());
            await WaitUntilNoRelayRunsOnTheWorkerAsync(relayName, ct);
            var failure = await Assert.ThrowsAsync<BackendFailureException>(() => runtime.RunAsync(Spec(image, ["true"], owner, dir, "norelay", copyProbe: false), ct));
            Assert.Contains($"does not run on swarm node {SwarmWorker.Name}", failure.Message, StringComparison.Ordinal);

            await relay.DisposeAsync();
            Assert.Equal("", await LeftoversAsync(owner.RunId, ct));
        }
        finally
        {
            var restore = await SwarmWorker.RunAsync(TimeSpan.FromMinutes(2), wasUp ? "status" : "down");
            Assert.True(restore.ExitCode == 0, restore.ToString());
        }
    }

    private static ContainerSpec Spec(string image, IReadOnlyList<string> command, RuntimeOwner owner, TempDirectory dir, string name, bool copyProbe) =>
        new(image, command, "relay-" + name, TimeSpan.FromSeconds(120), new SandboxLimits(0.5, 256L << 20, 128, 16L << 20),
            dir.Combine(name + ".stdout.log"), dir.Combine(name + ".stderr.log"))
        {
            Mounts = [new BindMount(dir.Combine("gw"), GatewayOptions.ContainerMountPath)],
            CopyIn = copyProbe ? [new DirectoryCopyIn(dir.Combine("probe"), "/workspace")] : [],
            Labels = new Dictionary<string, string> { [ManagedLabels.Cell] = "relay-" + name, [ManagedLabels.Run] = owner.RunId },
        };

    private static async Task WaitUntilNoRelayRunsOnTheWorkerAsync(string relay, CancellationToken ct)
    {
        for (int poll = 0; ; poll++)
        {
            var tasks = await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "docker", "service", "ps", relay, "--filter", "desired-state=running", "--format", "{{.Node}} {{.CurrentState}}");
            if (!tasks.Stdout.Contains(SwarmWorker.Name, StringComparison.Ordinal)) return;
            Assert.True(poll < 300, $"the relay still runs on the worker: {tasks.Stdout}");
            await Task.Delay(200, ct);
        }
    }

    private static async Task AssertReachableFromHostAsync(string target, CancellationToken ct)
    {
        int colon = target.LastIndexOf(':');
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Parse(target[..colon]), int.Parse(target[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), ct);
    }

    private static async Task<string> PythonImageAsync()
    {
        string python = (await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "bash", "-c",
            "docker images hbench/python --format '{{.CreatedAt}}\t{{.Repository}}:{{.Tag}}' | sort -r | head -n1 | cut -f2")).Stdout.Trim();
        Assert.NotEqual("", python);
        return python;
    }

    /// <summary>The run's services and networks (the engine can list a removed overlay network for a moment).</summary>
    private static async Task<string> LeftoversAsync(string run, CancellationToken ct)
    {
        for (int poll = 0; ; poll++)
        {
            var services = await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "docker", "service", "ls", "--filter", $"label=io.harnessbench.run={run}", "-q");
            var networks = await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "docker", "network", "ls", "--filter", $"label=io.harnessbench.run={run}", "-q");
            var volumes = await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "docker", "volume", "ls", "--filter", $"label=io.harnessbench.run={run}", "-q");
            string left = (services.Stdout + networks.Stdout + volumes.Stdout).Trim();
            if (left == "" || poll == 60) return left;
            await Task.Delay(500, ct);
        }
    }
}
