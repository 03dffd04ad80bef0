using System.Net;
using System.Net.Sockets;
using HarnessBench.Core.Runtime;
using HarnessBench.Docker;
using HarnessBench.Docker.Runtime;
using HarnessBench.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarnessBench.Gateway.Tests.Isolation;

/// <summary>
/// The real thing: an agent-style container (--network none, uid 1000, the socket directory
/// bind-mounted read-only at /run/hbench, socat relaying 127.0.0.1:8080) reaches its own cell's
/// routes, gets 404 with a guessed token and with the token of a closed cell, cannot find the token of
/// another cell whose session is open at the same time anywhere it can read, and reaches nothing else.
/// Cells share the run's socket, so the token (128 random bits held only by its cell's container) is
/// what separates them: the test checks that it is neither guessable nor discoverable.
/// </summary>
public sealed class ContainerIsolationTests
{
    private const string Probe = """
        import json, socket, sys, urllib.request, urllib.error
        def call(path, body=None):
            req = urllib.request.Request("http://127.0.0.1:8080/c/" + path, data=None if body is None else json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(req, timeout=10) as r:
                    return r.status, json.loads(r.read().decode())
            except urllib.error.HTTPError as e:
                return e.code, json.loads(e.read().decode())
        import glob, hashlib, os, re
        mine, guessed, closed, other_hash = sys.argv[1:5]
        s, b = call(mine + "/v1/models"); print("MODELS", s, b["data"][0]["id"])
        for name, token in (("GUESSED", guessed), ("CLOSED", closed)):
            s, b = call(token + "/v1/models"); print(name, s, b.get("error", {}).get("type", "answered"))
            s, b = call(token + "/v1/chat/completions", {"model": "m", "messages": [{"role": "user", "content": "hi"}]})
            print(name + "-CHAT", s, b.get("error", {}).get("type", "answered"))
        # Everything this container can read that could carry a token: environments and command lines of
        # every visible process, the socket directory's names. The other cell's token must be in none.
        seen = [v for v in os.environ.values()] + os.listdir("/run/hbench")
        for f in glob.glob("/proc/[0-9]*/environ") + glob.glob("/proc/[0-9]*/cmdline"):
            try: seen.append(open(f, "rb").read().decode("latin-1"))
            except OSError: pass
        found = {t for text in seen for t in re.findall(r"[0-9a-f]{32}", text)}
        print("SCANNED", len(seen), "TOKENS", len(found))
        print("LEAK" if any(hashlib.sha256(t.encode()).hexdigest() == other_hash for t in found) else "NO-LEAK")
        tool = {"type": "function", "function": {"name": "bash", "parameters": {"type": "object", "properties": {"command": {"type": "string"}}, "required": ["command"]}}}
        s, b = call(mine + "/v1/chat/completions", {"model": "m", "messages": [{"role": "user", "content": "hi"}], "tools": [tool]})
        fn = b["choices"][0]["message"]["tool_calls"][0]["function"]; print("CHAT", s, fn["name"], json.loads(fn["arguments"])["command"])
        for target in sys.argv[5:]:
            host, port = target.rsplit(":", 1)
            try:
                socket.create_connection((host, int(port)), timeout=3).close(); print("OPEN", target)
            except OSError:
                print("BLOCKED", target)
        """;

    [DockerFact]
    public async Task Container_reaches_only_its_own_cell_through_the_mounted_socket()
    {
        using var client = DockerClient.FromEnvironment();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        string image = await PythonImageAsync(client, timeout.Token);
        await using GatewayFixture gw = await GatewayFixture.StartAsync(socket: true);
        var mine = gw.OpenScripted("cell-mine", "- shell: echo from-the-gateway\n");
        // Another cell's session stays open for the whole run: its live token must be nowhere this
        // container can read (the probe gets only its hash). A closed cell's token and a guessed one
        // get 404.
        var other = gw.OpenScripted("cell-other", "- say: hi\n");
        var closed = gw.OpenScripted("cell-closed", "- say: hi\n");
        gw.Gateway.Close(closed);
        string guessed = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        string otherHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(other.Token)));
        using var hostListener = new TcpListener(IPAddress.Any, 0);
        hostListener.Start();
        int hostPort = ((IPEndPoint)hostListener.LocalEndpoint).Port;
        List<string> targets = [.. NetworkProbe.HostAddresses().Select(a => $"{a}:{hostPort}"), $"127.0.0.1:{gw.Gateway.TcpBaseUri!.Port}", "1.1.1.1:80", "8.8.8.8:53"];
        gw.Dir.Write("probe.py", Probe);
        File.SetUnixFileMode(gw.Dir.Path, (UnixFileMode)0b111_101_101); // uid 1000 reads the probe through /run/probe
        string script = $"""
            {GatewayOptions.RelayCommand()} &
            for i in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null && break; sleep 0.05; done
            python3 /run/probe/probe.py {mine.Token} {guessed} {closed.Token} {otherHash} {string.Join(' ', targets)}
            """;
        var spec = new ContainerSpec(image, ["/bin/bash", "-c", script], "gateway-isolation", TimeSpan.FromSeconds(90),
            new SandboxLimits(1.0, 256L << 20, 128, 16L << 20), gw.Dir.Combine("stdout.log"), gw.Dir.Combine("stderr.log"))
        {
            Mounts = [new BindMount(gw.Gateway.Options.SocketDirectory!, GatewayOptions.ContainerMountPath), new BindMount(gw.Dir.Path, "/run/probe")],
            Labels = new Dictionary<string, string> { [ManagedLabels.Cell] = "gateway-isolation" },
        };
        var runtime = new DockerContainerRuntime(client, RuntimeOwner.ForCurrentProcess("test-" + Guid.NewGuid().ToString("N")[..12]), NullLogger<DockerContainerRuntime>.Instance);

        ContainerRun run = await runtime.RunAsync(spec, timeout.Token);
        string stdout = await File.ReadAllTextAsync(spec.StdoutPath);
        string stderr = await File.ReadAllTextAsync(spec.StderrPath);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{stdout}\n{stderr}");
        Assert.Contains($"MODELS 200 {mine.ModelName}", stdout, StringComparison.Ordinal);
        foreach (string name in new[] { "GUESSED", "CLOSED" })
        {
            Assert.Contains(name + " 404 not_found", stdout, StringComparison.Ordinal);
            Assert.Contains(name + "-CHAT 404 not_found", stdout, StringComparison.Ordinal);
        }

        // The scan saw this cell's own token (in its command line), so it can find a token when one is there.
        Assert.Matches(@"SCANNED \d+ TOKENS [1-9]", stdout);
        Assert.Contains("NO-LEAK", stdout, StringComparison.Ordinal);
        Assert.Contains("CHAT 200 bash echo from-the-gateway", stdout, StringComparison.Ordinal);
        foreach (string target in targets)
        {
            Assert.Contains("BLOCKED " + target, stdout, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("OPEN", stdout, StringComparison.Ordinal);
        Assert.False(hostListener.Pending(), "a --network none container reached a host port");
        Assert.Equal(1, gw.Gateway.Close(mine).Totals.Requests); // the chat completion; /v1/models is not a model request
        Assert.Equal(0, gw.Gateway.Close(other).Totals.Requests); // open all along, and nothing reached it
    }

    private static async Task<string> PythonImageAsync(DockerClient client, CancellationToken ct)
    {
        IReadOnlyList<ImageInfo> images = await client.ListImagesAsync("hbench/python", ct);
        return images.OrderByDescending(i => i.Created).SelectMany(i => i.RepoTags).FirstOrDefault(t => t.StartsWith("hbench/python:", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("no hbench/python image: run ./hbench images build");
    }
}
