using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HarnessBench.Cli.Tests.Infrastructure;

namespace HarnessBench.Cli.Tests;

/// <summary>
/// README: "a second Ctrl-C exits at once". The first Ctrl-C starts a graceful stop that here cannot
/// end quickly: the bench's model server ignores SIGTERM, so stopping it waits out its 15 s grace
/// period before SIGKILL. A second Ctrl-C a second later must end hbench within seconds (exit 130),
/// not when the graceful stop is done.
/// </summary>
[Collection(OneSweepAtATime.Name)]
public sealed class ForcedStopTests
{
    private static readonly TimeSpan StartCap = TimeSpan.FromSeconds(90);

    /// <summary>Well below the server's 15 s grace period that a graceful stop would wait out.</summary>
    private static readonly TimeSpan ForcedExitCap = TimeSpan.FromSeconds(5);

    [DockerFact]
    public async Task A_second_sigint_exits_at_once_while_the_graceful_stop_is_still_waiting()
    {
        await using var sandbox = new BenchSandbox("force");
        using var engine = EngineApi.FromEnvironment();
        var port = FreePort();
        sandbox.WriteScriptTask("slow", "sleep 120\necho ok > done.txt\n");
        // A model server that ignores SIGTERM (ready as soon as it listens); the oracle never calls it.
        sandbox.Write("stubborn.py", $"""
            import http.server, signal
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            http.server.HTTPServer(("127.0.0.1", {port}), http.server.SimpleHTTPRequestHandler).serve_forever()

            """);
        sandbox.WriteBench(["slow"], repeats: 1, concurrency: 1, extra: $$"""
            models:
              - name: stubborn
                openai: { base_url: "http://127.0.0.1:{{port}}/v1", model: stub }
                serve:
                  command: [python3, stubborn.py]
                  ready_url: http://127.0.0.1:{{port}}/
                  startup_timeout: 1m
            """);

        using var run = CliProcess.Start(sandbox.Root, ["run", "--plain", "bench.yaml"]);
        try
        {
            await Poll.UntilAsync(async () =>
                (await engine.ListAsync(EngineApi.BenchRunLabel, sandbox.RunName)).Any(c => c.State == "running" && c.Label(EngineApi.PhaseLabel) == "agent") ? (object?)true : null,
                StartCap, () => $"a running agent container\n{run.Describe()}", run);
            Assert.False(run.IgnoresSigint(), "hbench was started with SIGINT ignored: Ctrl-C cannot be tested");

            run.Signal("INT");
            await Poll.UntilAsync(() => Task.FromResult(run.Stderr.Contains("stopping:", StringComparison.Ordinal) ? (object?)true : null),
                TimeSpan.FromSeconds(10), () => $"the first Ctrl-C's graceful stop\n{run.Describe()}", run);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(run.HasExited, $"the graceful stop must still be waiting for the server (it ignores SIGTERM for 15 s)\n{run.Describe()}");

            var second = Stopwatch.StartNew();
            run.Signal("INT");
            var exit = await run.WaitForExitAsync(ForcedExitCap + TimeSpan.FromSeconds(30));

            Assert.True(second.Elapsed < ForcedExitCap, $"the second Ctrl-C took {second.Elapsed.TotalSeconds:F1} s to end hbench (bound {ForcedExitCap.TotalSeconds} s)\n{run.Describe()}");
            Assert.True(exit == 130, $"exit {exit}, expected 130\n{run.Describe()}");
            Assert.Contains("forced stop", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            run.Stop();
            KillServer(sandbox);
        }
    }

    // A forced exit skips every clean-up by design (the next run of the bench reaps it): this test does.
    private static void KillServer(BenchSandbox sandbox)
    {
        var pidFile = Path.Combine(sandbox.RunDirectory, "servers", "stubborn.pid");
        if (!File.Exists(pidFile)) return;
        var server = File.ReadLines(pidFile).FirstOrDefault()?.Split(':');
        if (server is not { Length: 3 } || !int.TryParse(server[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return;
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
