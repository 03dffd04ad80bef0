using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using HarnessBench.Gateway.Metering;
using HarnessBench.Gateway.Tests.Infrastructure;

namespace HarnessBench.Gateway.Tests.Scripted;

/// <summary>Routing, tokens, the unix socket, metering truthfulness and transcripts, over real HTTP.</summary>
public sealed class GatewayBehaviourTests : IAsyncLifetime
{
    private GatewayFixture _gw = null!;

    public async Task InitializeAsync() => _gw = await GatewayFixture.StartAsync(socket: true);

    public async Task DisposeAsync() => await _gw.DisposeAsync();

    [Fact]
    public async Task Models_route_answers_on_the_unix_socket_which_anyone_may_connect_to()
    {
        var session = _gw.OpenScripted("cell-a", "- say: hi\n");
        using HttpClient unix = _gw.UnixClient();

        string models = await unix.GetStringAsync(GatewayFixture.Route(session, "v1/models"));

        Assert.Equal(session.ModelName, (string?)JsonNode.Parse(models)!["data"]![0]!["id"]);
        Assert.Equal((UnixFileMode)0b110_110_110, File.GetUnixFileMode(_gw.Gateway.SocketPath!) & (UnixFileMode)0b111_111_111);
        Assert.EndsWith("/c/" + session.Token + "/v1", session.OpenAiBaseUrl, StringComparison.Ordinal);
        Assert.StartsWith("http://127.0.0.1:8080/c/", session.AnthropicBaseUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_and_closed_tokens_get_a_json_404_and_never_reach_another_cell()
    {
        var a = _gw.OpenScripted("cell-a", "- say: hi\n");
        var b = _gw.OpenScripted("cell-b", "- say: hi\n");
        _gw.Gateway.Close(a);

        foreach (string path in new[] { GatewayFixture.Route(a, "v1/models"), "c/0123456789abcdef/v1/models", "v1/models", GatewayFixture.Route(a, "v1/chat/completions") })
        {
            using var response = path.EndsWith("completions", StringComparison.Ordinal)
                ? await _gw.Client.PostAsync(path, new StringContent("{}", Encoding.UTF8, "application/json"))
                : await _gw.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("not_found", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["type"]);
        }

        using var ok = await _gw.Client.GetAsync(GatewayFixture.Route(b, "v1/models"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(0, _gw.Gateway.Close(b).Totals.Requests);
    }

    [Fact]
    public async Task Streaming_rate_is_measured_as_configured()
    {
        // The truth: the first token waits prompt tokens / 400 s (about 3.7 s for this request), then
        // 200 tokens at 25 tokens/s, token i leaving i / 25 s after the first, so 7.96 s from the
        // first token to the last. The gateway meters when it sends each token, so the span it sees
        // is never shorter than that: the measured rate cannot be above 25 tokens/s (+2% for timer
        // rounding), and no token, the first included, leaves before it is due. A loaded machine only
        // makes tokens late: a late last token lowers the rate, and -20% absorbs about 2 s of that (a
        // hiccup of 0.9 s was seen at load 19). A gateway that buffered the stream, counted bytes or
        // chunks of other kinds (far above), timed generation from the request instead of the first
        // token (-32% with the prefill wait) or the first token at the last one fails.
        const int tokens = 200;
        const double rate = 25;
        const double prefillRate = 400;
        double window = (tokens - 1) / rate * 1000;
        string text = new('x', 4 * tokens);
        // One discarded warm-up (as any honest speed measurement does): the first stream through a
        // cold process pays for JIT compilation in the middle of the measured window.
        var warmUp = _gw.OpenScripted("cell-rate-warm-up", $"tokens_per_second: {rate}\nsteps:\n  - say: {new string('x', 4 * 10)}\n");
        await ModelRequests.SendAsync(_gw.Client, warmUp, Captures.Json("pi-req-0002.json"));
        _gw.Gateway.Close(warmUp);
        var session = _gw.OpenScripted("cell-rate", $"tokens_per_second: {rate}\nprefill_tokens_per_second: {prefillRate}\nsteps:\n  - say: {text}\n");

        Reply reply = await ModelRequests.SendAsync(_gw.Client, session, Captures.Json("pi-req-0002.json"));
        CellMetering metering = _gw.Gateway.Close(session);

        Assert.Equal(tokens, reply.CompletionTokens);
        Assert.Equal(tokens, metering.Totals.CompletionTokens);
        // The scripted model's prefill wait, from the prompt tokens it reported (request characters / 4).
        double prefillMs = metering.Totals.PromptTokens / prefillRate * 1000;
        Assert.InRange(prefillMs, 2_500, 5_000); // long enough that timing from the request is far off
        Assert.InRange(metering.Totals.TokensPerSecond!.Value, rate * 0.8, rate * 1.02);
        // Time to first token: the prefill wait at least; the upper bound is a hang guard that a first
        // token timed at the last one (7.96 s later) exceeds.
        Assert.InRange(metering.Totals.TtftMs!.Value, prefillMs - 5, prefillMs + window / 2);
        // No token leaves before it is due (give or take the timers' millisecond rounding), so the
        // request cannot take less than the prefill and the window; the upper bound only guards against a hang.
        Assert.InRange(metering.Totals.ModelTimeMs, prefillMs + window - 5, 60_000);
    }

    [Fact]
    public async Task Scripted_endpoint_failure_is_metered_as_an_endpoint_error()
    {
        var session = _gw.OpenScripted("cell-flaky", "- shell: ls\n- fail: 500\n- say: done\n");
        JsonObject body = Captures.Json("opencode-req-0002.json"); // already holds one assistant turn

        using var response = await _gw.Client.PostAsync(GatewayFixture.Route(session, "v1/chat/completions"),
            new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        CellMetering metering = _gw.Gateway.Close(session);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]);
        Assert.Equal(1, metering.Totals.Errors[EndpointErrorKinds.Http5xx]);
        Assert.True(metering.HasEndpointErrors);
        Assert.True(metering.LastRequestFailed);
    }

    [Fact]
    public async Task Transcript_holds_full_bodies_with_credentials_redacted()
    {
        var session = _gw.OpenScripted("cell-t", "- shell: echo 42 > answer.txt\n");
        await ModelRequests.SendAsync(_gw.Client, session, Captures.Json("claude-req-0001.json"));
        await ModelRequests.SendAsync(_gw.Client, session, Captures.Json("qwen-req-0001.json"));
        _gw.Gateway.Close(session);

        string[] lines = ReadTranscript(_gw.TranscriptPath("cell-t"));

        Assert.Equal(2, lines.Length);
        Assert.DoesNotContain("sk-client-key", string.Join("\n", lines), StringComparison.Ordinal);
        JsonNode first = JsonNode.Parse(lines[0])!;
        Assert.Equal("[redacted]", (string?)first["request_headers"]!["x-api-key"]);
        Assert.Equal("mock-model", (string?)first["request"]!["model"]);
        Assert.Contains("message_stop", (string?)first["response"], StringComparison.Ordinal);
        Assert.Equal("[redacted]", (string?)JsonNode.Parse(lines[1])!["request_headers"]!["Authorization"]);
    }

    internal static string[] ReadTranscript(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
