using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using HarnessBench.Cli.Tests.Infrastructure;
using Xunit.Abstractions;

namespace HarnessBench.Cli.Tests;

/// <summary>
/// `hbench probe` as a real process: a bench model with `serve:` (a small OpenAI-compatible stream
/// server in Python) is started, probed through the gateway with the bench's upstream settings, and
/// stopped; an unreachable endpoint exits 6 with a message that says so. No Docker involved.
/// </summary>
public sealed class ProbeCommandTests(ITestOutputHelper output)
{
    // The fake server's first token waits prompt tokens / this rate, as a real server's prefill does:
    // the truth the probe's differential prefill figure is checked against. With the 20,000-token
    // long prompt the difference to the short one is 2 s, which a loaded machine's usual scheduling
    // delays (tens of milliseconds) cannot drown; the median over three iterations also absorbs one
    // hiccup of a second (+100% on one iteration when it ends a short answer, -33% on a long one).
    private const int PrefillTokensPerSecond = 10_000;

    private const string FakeServer = """
        import http.server, json, sys, time
        port, log, prefill_tps = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args): pass
            def do_GET(self):
                body = b'{"status":"ok"}'
                self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
            def do_POST(self):
                req = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with open(log, "a") as f: f.write(json.dumps(req) + "\n")
                n = req.get("max_tokens", 16)
                prompt = sum(len(m["content"]) for m in req["messages"]) // 4
                self.send_response(200); self.send_header("Content-Type", "text/event-stream"); self.send_header("Connection", "close"); self.end_headers()
                def send(obj): self.wfile.write(("data: " + json.dumps(obj) + "\n\n").encode()); self.wfile.flush()
                send({"choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]})
                self.wfile.write(b": keep-alive\n\n"); self.wfile.flush()
                time.sleep(prompt / prefill_tps)  # "prefill": in proportion to the prompt
                for i in range(n):
                    time.sleep(0.002)
                    send({"choices": [{"index": 0, "delta": {"content": "tok "}}]})
                send({"choices": [{"index": 0, "delta": {}, "finish_reason": "length"}]})
                send({"choices": [], "usage": {"prompt_tokens": prompt, "completion_tokens": n, "prompt_tokens_details": {"cached_tokens": prompt // 2}}})
                self.wfile.write(b"data: [DONE]\n\n"); self.wfile.flush()
                self.close_connection = True
        http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
        """;

    [Fact]
    public async Task A_served_bench_model_is_started_probed_with_its_upstream_settings_and_stopped()
    {
        await using var sandbox = new BenchSandbox("probe");
        sandbox.WriteScriptTask("quick", "echo ok > done.txt\n");
        sandbox.Write("fake_server.py", FakeServer);
        int port = FreePort();
        sandbox.WriteBench(["quick"], extra: $$"""
            models:
              - name: local
                openai: { base_url: "http://127.0.0.1:{{port}}/v1", model: upstream-name, temperature: 0.5 }
                serve:
                  command: [python3, fake_server.py, "{{port}}", requests.jsonl, "{{PrefillTokensPerSecond}}"]
                  ready_url: "http://127.0.0.1:{{port}}/health"
                  startup_timeout: 30s
            """);

        using var run = await CliProcess.RunAsync(sandbox.Root,
            ["probe", "local", "--bench", "bench.yaml", "-n", "3", "--output-tokens", "20", "--long-prompt-tokens", "20000", "--thinking", "off", "--json", "--out", "probes"],
            TimeSpan.FromSeconds(120));

        Assert.True(run.ExitCode == 0, run.Describe());
        var result = JsonNode.Parse(run.Stdout)!;
        // --out is a folder, as everywhere: the JSON lands in probes/probe-<model>.json.
        Assert.Equal(JsonNode.Parse(File.ReadAllText(Path.Combine(sandbox.Root, "probes", "probe-local.json")))!.ToJsonString(), result.ToJsonString());
        Assert.Equal("local", (string?)result["model"]);
        Assert.Equal("usage", (string?)result["output_count_source"]);
        Assert.Equal("off (chat_template_kwargs.enable_thinking=false)", (string?)result["thinking"]);
        Assert.Equal(3 * 5, result["requests"]!.AsArray().Count);
        var keys = result["figures"]!.AsArray().Select(f => (string?)f!["key"]).ToList();
        Assert.Contains("short.generation_tps", keys);
        // The differential prefill figure (its median over the iterations) against the fake server's
        // rate. A figure from the wrong counts or units (characters, seconds for milliseconds), or none
        // at all, fails; scheduling noise on a loaded machine is within +-30%. (This fake server's
        // answers take 40 ms, so the long prompt's time alone would pass here: ScriptedProbeTests,
        // with 4 s answers, is where the difference itself is checked.)
        var prefill = result["figures"]!.AsArray().SingleOrDefault(f => (string?)f!["key"] == "prefill_tps")?["summary"];
        Assert.True(prefill is not null, $"no prefill_tps figure\n{run.Stdout}");
        output.WriteLine($"prefill_tps: configured {PrefillTokensPerSecond} tok/s, measured {prefill["samples"]!.ToJsonString()}");
        Assert.True(prefill["samples"]!.AsArray().Count == 3, prefill.ToJsonString());
        Assert.InRange((double)prefill["median"]!, PrefillTokensPerSecond * 0.7, PrefillTokensPerSecond * 1.3);
        Assert.Contains("turn2.cached_share", keys); // the fake server reports cached tokens
        Assert.All(result["requests"]!.AsArray().Where(r => (string?)r!["scenario"] is "short" or "long"),
            r => Assert.Equal(20, (int)r!["sample"]!["completion_tokens"]!));

        // The gateway applied the bench's settings to every request the server got.
        var requests = File.ReadAllLines(Path.Combine(sandbox.Root, "requests.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.True(requests.Count >= 2 + 2 + 3 * 5, $"{requests.Count} requests");
        Assert.All(requests, r =>
        {
            Assert.Equal("upstream-name", (string?)r["model"]);
            Assert.Equal(0.5, (double)r["temperature"]!);
            Assert.True((bool)r["ignore_eos"]!);
            Assert.False((bool)r["chat_template_kwargs"]!["enable_thinking"]!);
            Assert.True((bool)r["stream_options"]!["include_usage"]!);
        });

        // Started and stopped like a sweep does, with its log under results/probes/.
        string events = File.ReadAllText(Path.Combine(sandbox.Root, "results", "probes", "servers.jsonl"));
        Assert.Contains("\"event\":\"ready\"", events, StringComparison.Ordinal);
        Assert.Contains("\"event\":\"stopped\"", events, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            using var http = new HttpClient();
            await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health"));
        });
    }

    [Fact]
    public async Task An_unreachable_endpoint_exits_6_and_says_what_failed()
    {
        await using var sandbox = new BenchSandbox("probe-down");

        using var run = await CliProcess.RunAsync(sandbox.Root,
            ["probe", "--base-url", $"http://127.0.0.1:{FreePort()}/v1", "--model-name", "m", "-n", "1"], TimeSpan.FromSeconds(60));

        Assert.True(run.ExitCode == 6, run.Describe());
        Assert.Contains("could not be reached", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("connection-refused", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout.Trim());
    }

    [Fact]
    public async Task An_unknown_model_exits_2_and_lists_the_bench_models()
    {
        await using var sandbox = new BenchSandbox("probe-unknown");
        sandbox.WriteScriptTask("quick", "echo ok > done.txt\n");
        sandbox.WriteBench(["quick"], extra: "models:\n  - name: alpha\n    scripted: s.yaml\n");
        sandbox.Write("s.yaml", "- say: hi\n");

        using var run = await CliProcess.RunAsync(sandbox.Root, ["probe", "beta"], TimeSpan.FromSeconds(60));

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains("no model 'beta' in bench.yaml; its models: alpha", run.Stderr, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
