using System.Net;
using System.Net.Sockets;
using Docker.DotNet.Models;
using HarnessBench.Core.Runtime;
using HarnessBench.Docker;
using HarnessBench.Docker.Swarm;
using HarnessBench.Gateway.Tests.Infrastructure;
using ContainerSpec = HarnessBench.Core.Runtime.ContainerSpec;

namespace HarnessBench.Gateway.Tests.Swarm;

/// <summary>
/// Swarm has no <c>--network none</c>: a job's network is its own internal overlay. The proof: from a
/// real job (uid 1000, its node's gateway relay socket mounted read-only at /run/hbench, socat relaying
/// 127.0.0.1:8080) the gateway answers its own cell, and nothing else answers: not the host's addresses
/// (docker0, docker_gwbridge and the machine's own; the gateway's own TCP listener, which the relay
/// forwards to, included), not the outside, not a listening container on the
/// default bridge (which the host does reach), not a listening job on another cell's overlay network;
/// and the job has no default route.
/// </summary>
public sealed class SwarmIsolationTests
{
    [DockerFact]
    public async Task Job_reaches_the_gateway_through_the_socket_and_nothing_else()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        CancellationToken ct = timeout.Token;
        using SwarmEngines engines = await SwarmFixture.EnsureSwarmAsync(ct);
        var owner = RuntimeOwner.ForCurrentProcess("test-" + Guid.NewGuid().ToString("N")[..12]);
        SwarmContainerRuntime runtime = SwarmFixture.Runtime(engines, owner);
        string image = await SwarmImages.PythonAsync(engines, ct);
        var advertised = IPAddress.Parse((await engines.Manager.System.GetSystemInfoAsync(ct)).Swarm!.NodeAddr!);
        await using GatewayFixture gw = await GatewayFixture.StartAsync(socket: true, tcpAddress: advertised);
        int gatewayPort = gw.Gateway.TcpBaseUri!.Port;
        await using IAsyncDisposable relay = await runtime.AttachGatewayAsync(gw.Gateway.Options.SocketDirectory!, GatewayOptions.SocketFileName, new IPEndPoint(advertised, gatewayPort), ct);
        var mine = gw.OpenScripted("cell-mine", "- say: hi\n");
        using var hostListener = new TcpListener(IPAddress.Any, 0);
        hostListener.Start();
        int hostPort = ((IPEndPoint)hostListener.LocalEndpoint).Port;

        // A listening container on the default bridge: the host reaches it (so BLOCKED means something).
        string bridged = (await engines.Manager.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = image,
            Cmd = ["python3", "-m", "http.server", "8000"],
            Labels = owner.Labels("swarm-isolation-bridge"),
            HostConfig = new HostConfig { AutoRemove = true },
        }, ct)).ID;
        // A listening job of another cell, on its own overlay network.
        var otherSpec = Spec(image, ["python3", "-m", "http.server", "8000"], gw, "other", owner);
        await using IContainerSession other = await runtime.StartAsync(otherSpec, ct);
        try
        {
            await engines.Manager.Containers.StartContainerAsync(bridged, new ContainerStartParameters(), ct);
            string bridgeIp = (await engines.Manager.Containers.InspectContainerAsync(bridged, ct)).NetworkSettings!.Networks!["bridge"].IPAddress!;
            string otherIp = (await engines.Manager.Containers.InspectContainerAsync(other.ContainerId, ct)).NetworkSettings!.Networks!.Values.Single().IPAddress!;
            await AssertReachableFromHostAsync(bridgeIp, 8000, ct);
            List<string> targets =
            [
                .. NetworkProbe.HostAddresses().Select(a => $"{a}:{hostPort}"), $"{advertised}:{gatewayPort}",
                $"{bridgeIp}:8000", $"{otherIp}:8000", "1.1.1.1:80", "8.8.8.8:53",
            ];
            gw.Dir.Write("probe/probe.py", NetworkProbe.Script);
            string script = $"""
                {GatewayOptions.RelayCommand()} &
                for i in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null && break; sleep 0.05; done
                python3 /workspace/probe.py {mine.Token} {string.Join(' ', targets)}
                """;
            var spec = Spec(image, ["/bin/bash", "-c", script], gw, "mine", owner);

            ContainerRun run = await runtime.RunAsync(spec, ct);

            string stdout = await File.ReadAllTextAsync(spec.StdoutPath);
            Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{stdout}\n{await File.ReadAllTextAsync(spec.StderrPath)}");
            Assert.Contains($"MODELS 200 {mine.ModelName}", stdout, StringComparison.Ordinal);
            Assert.Contains("NO-DEFAULT-ROUTE", stdout, StringComparison.Ordinal);
            foreach (string target in targets)
            {
                Assert.Contains("BLOCKED " + target, stdout, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("OPEN", stdout, StringComparison.Ordinal);
            Assert.False(hostListener.Pending(), "a Swarm job reached a host port");
        }
        finally
        {
            await engines.Manager.Containers.RemoveContainerAsync(bridged, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }

        await other.DisposeAsync();
        await relay.DisposeAsync();
        Assert.Empty(await SwarmFixture.LeftoversAsync(engines, owner, ct));
    }

    private static ContainerSpec Spec(string image, IReadOnlyList<string> command, GatewayFixture gw, string name, RuntimeOwner owner) =>
        new(image, command, "swarm-isolation-" + name, TimeSpan.FromSeconds(120), new SandboxLimits(0.5, 256L << 20, 128, 16L << 20),
            gw.Dir.Combine(name + ".stdout.log"), gw.Dir.Combine(name + ".stderr.log"))
        {
            // The gateway's socket directory: the runtime mounts the node's relay volume there instead.
            Mounts = [new BindMount(gw.Gateway.Options.SocketDirectory!, GatewayOptions.ContainerMountPath)],
            CopyIn = name == "mine" ? [new DirectoryCopyIn(gw.Dir.Combine("probe"), "/workspace")] : [],
            Labels = new Dictionary<string, string> { [ManagedLabels.Cell] = "swarm-isolation-" + name, [ManagedLabels.Run] = owner.RunId },
        };

    private static async Task AssertReachableFromHostAsync(string ip, int port, CancellationToken ct)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Parse(ip), port, ct);
                return;
            }
            catch (SocketException) when (attempt < 100)
            {
                await Task.Delay(100, ct);
            }
        }
    }
}
