using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using HarnessBench.Core.Config;
using HarnessBench.Gateway.Metering;
using HarnessBench.Gateway.Sessions;
using HarnessBench.Gateway.Tests.Infrastructure;
using HarnessBench.Gateway.Tests.Scripted;

namespace HarnessBench.Gateway.Tests.Forwarding;

/// <summary>Forwarding to a real HTTP upstream on 127.0.0.1: exact usage, no buffering, no leaked keys.</summary>
public sealed class ForwardingTests : IAsyncLifetime
{
    private readonly string _keyEnv = "HB_TEST_KEY_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private readonly string _key = "sk-upstream-" + Guid.NewGuid().ToString("N");
    private GatewayFixture _gw = null!;
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(_keyEnv, _key);
        _gw = await GatewayFixture.StartAsync();
        _upstream = await FakeUpstream.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _gw.DisposeAsync();
        await _upstream.DisposeAsync();
        Environment.SetEnvironmentVariable(_keyEnv, null);
    }

    private CellModelSession Open(string kind, string? baseUrl = null) => _gw.OpenEndpoint("cell-" + kind, kind, new Dictionary<string, object>
    {
        ["base_url"] = baseUrl ?? (kind == ModelKinds.OpenAi ? new Uri(_upstream.BaseUri, "v1").ToString() : _upstream.BaseUri.ToString()),
        ["model"] = "upstream-model",
        ["api_key_env"] = _keyEnv,
        ["temperature"] = 0.2,
        ["params"] = new { chat_template_kwargs = new { enable_thinking = false } },
    });

    private static HttpRequestMessage Post(CellModelSession session, string route, object body) =>
        new(HttpMethod.Post, GatewayFixture.Route(session, route))
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
            Headers = { { "Authorization", "Bearer sk-client" }, { "anthropic-version", "2023-06-01" } },
        };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OpenAi_stream_is_relayed_unbuffered_and_metered_exactly(bool clientAsksUsage)
    {
        var session = Open(ModelKinds.OpenAi);
        object body = clientAsksUsage
            ? new { model = "hb-model", stream = true, stream_options = new { include_usage = true }, messages = new[] { new { role = "system", content = "0123456789" } } }
            : new { model = "hb-model", stream = true, messages = new[] { new { role = "system", content = "0123456789" } } };
        using var request = Post(session, "v1/chat/completions", body);
        using var response = await _gw.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());

        // The first content token reaches the client while the upstream is still held mid-stream.
        Assert.Equal("", (string?)(await reader.NextAsync())!.Json["choices"]![0]!["delta"]!["content"]);
        Assert.Equal("Hel", (string?)(await reader.NextAsync())!.Json["choices"]![0]!["delta"]!["content"]);
        Assert.False(_upstream.Finished);
        _upstream.Release();
        List<SseEvent> rest = await reader.AllAsync();
        CellMetering metering = _gw.Gateway.Close(session);

        Assert.Equal("[DONE]", rest[^1].Data);
        Assert.Equal(clientAsksUsage, rest.Any(e => e.Data.Contains("\"usage\"", StringComparison.Ordinal)));
        Assert.Equal((FakeUpstream.OpenAiPrompt, FakeUpstream.OpenAiCompletion, FakeUpstream.OpenAiReasoning, FakeUpstream.OpenAiCached),
            (metering.Totals.PromptTokens, metering.Totals.CompletionTokens, metering.Totals.ReasoningTokens, metering.Totals.CachedTokens));
        Assert.NotNull(metering.Totals.TtftMs);
        Assert.Empty(metering.Totals.Errors);
        Assert.Equal(10, metering.Totals.SystemPromptChars);
        Assert.Equal(HarnessBench.Core.Results.TokenSources.Usage, metering.Totals.TokensSource);

        JsonObject sent = _upstream.LastBody!;
        Assert.Equal("upstream-model", (string?)sent["model"]);
        Assert.True((bool?)sent["stream_options"]!["include_usage"]);
        Assert.Equal(0.2, (double?)sent["temperature"]);
        Assert.False((bool?)sent["chat_template_kwargs"]!["enable_thinking"]);
        Assert.Equal("Bearer " + _key, _upstream.LastHeaders!["Authorization"]);
        AssertTranscriptHasNoKey("cell-openai");
    }

    [Fact]
    public async Task Anthropic_stream_is_relayed_unbuffered_and_metered_exactly()
    {
        var session = Open(ModelKinds.Anthropic);
        using var request = Post(session, "v1/messages?beta=true", new { model = "hb-model", stream = true, system = "abc", max_tokens = 100, messages = Array.Empty<object>() });
        using var response = await _gw.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());

        Assert.Equal("message_start", (await reader.NextAsync())!.Event);
        Assert.Equal("content_block_start", (await reader.NextAsync())!.Event);
        Assert.Equal("Hel", (string?)(await reader.NextAsync())!.Json["delta"]!["text"]);
        Assert.False(_upstream.Finished);
        _upstream.Release();
        List<SseEvent> rest = await reader.AllAsync();
        CellMetering metering = _gw.Gateway.Close(session);

        Assert.Equal("message_stop", rest[^1].Event);
        Assert.Equal(FakeUpstream.AnthropicInput + FakeUpstream.AnthropicCacheRead, metering.Totals.PromptTokens);
        Assert.Equal(FakeUpstream.AnthropicCacheRead, metering.Totals.CachedTokens);
        Assert.Equal(FakeUpstream.AnthropicOutput, metering.Totals.CompletionTokens);
        Assert.Equal(3, metering.Totals.SystemPromptChars);
        Assert.Equal(_key, _upstream.LastHeaders!["x-api-key"]);
        Assert.Equal("2023-06-01", _upstream.LastHeaders!["anthropic-version"]);
        Assert.Equal("upstream-model", (string?)_upstream.LastBody!["model"]);
        AssertTranscriptHasNoKey("cell-anthropic");
    }

    [Theory]
    [InlineData(ModelKinds.OpenAi, "v1/chat/completions", FakeUpstream.OpenAiPrompt, FakeUpstream.OpenAiCompletion)]
    [InlineData(ModelKinds.Anthropic, "v1/messages", FakeUpstream.AnthropicInput + FakeUpstream.AnthropicCacheRead, FakeUpstream.AnthropicOutput)]
    public async Task Non_streamed_requests_are_metered_exactly(string kind, string route, long prompt, long completion)
    {
        var session = Open(kind);
        using var request = Post(session, route, new { model = "hb-model", max_tokens = 10, messages = Array.Empty<object>() });
        using var response = await _gw.Client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        CellMetering metering = _gw.Gateway.Close(session);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Hello", text, StringComparison.Ordinal);
        Assert.Equal((prompt, completion, 1), (metering.Totals.PromptTokens, metering.Totals.CompletionTokens, metering.Totals.Requests));
        Assert.Null(_upstream.LastBody!["stream_options"]);
        Assert.Equal(HarnessBench.Core.Results.TokenSources.Usage, metering.Totals.TokensSource);
        // Not streamed: no generation speed, only the end-to-end throughput under its own name.
        Assert.Null(metering.Totals.TokensPerSecond);
        Assert.True(metering.Totals.EndToEndTokensPerSecond > 0);
    }

    [Fact]
    public async Task Refused_connection_is_an_endpoint_error_of_its_own_kind()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var session = Open(ModelKinds.OpenAi, $"http://127.0.0.1:{closedPort}/v1");

        using var response = await _gw.Client.SendAsync(Post(session, "v1/chat/completions", new { model = "m", stream = true }));
        CellMetering metering = _gw.Gateway.Close(session);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(1, metering.Totals.Errors[EndpointErrorKinds.ConnectionRefused]);
    }

    [Theory]
    [InlineData(UpstreamMode.Status500, ModelKinds.OpenAi, EndpointErrorKinds.Http5xx)]
    [InlineData(UpstreamMode.Truncated, ModelKinds.OpenAi, EndpointErrorKinds.MalformedStream)]
    [InlineData(UpstreamMode.Truncated, ModelKinds.Anthropic, EndpointErrorKinds.MalformedStream)]
    public async Task Upstream_failures_are_classified(UpstreamMode mode, string kind, string expected)
    {
        _upstream.Mode = mode;
        var session = Open(kind);
        using var response = await _gw.Client.SendAsync(Post(session, kind == ModelKinds.OpenAi ? "v1/chat/completions" : "v1/messages", new { model = "m", stream = true }));
        await response.Content.ReadAsStringAsync();
        CellMetering metering = _gw.Gateway.Close(session);

        Assert.Equal(1, metering.Totals.Errors[expected]);
        Assert.True(metering.LastRequestFailed);
        Assert.Equal(mode == UpstreamMode.Status500 ? HttpStatusCode.InternalServerError : HttpStatusCode.OK, response.StatusCode);
    }

    private void AssertTranscriptHasNoKey(string cellId)
    {
        string all = string.Join("\n", GatewayBehaviourTests.ReadTranscript(_gw.TranscriptPath(cellId)));
        Assert.Contains("hb-model", all, StringComparison.Ordinal); // the request was written
        Assert.Contains("Hel", all, StringComparison.Ordinal); // and the response
        Assert.DoesNotContain(_key, all, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-client", all, StringComparison.Ordinal);
    }
}
