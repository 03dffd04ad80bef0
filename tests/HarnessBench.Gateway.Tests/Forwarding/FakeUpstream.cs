using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HarnessBench.Gateway.Tests.Forwarding;

/// <summary>How the fake upstream misbehaves.</summary>
public enum UpstreamMode
{
    Normal,
    Status500,
    Truncated,
}

/// <summary>
/// A real HTTP model server on 127.0.0.1 with fixed usage. Streams stop after the first content
/// token until <see cref="Release"/> is called, so a test can prove the gateway does not buffer.
/// </summary>
internal sealed class FakeUpstream : IAsyncDisposable
{
    public const long OpenAiPrompt = 1234, OpenAiCompletion = 56, OpenAiReasoning = 7, OpenAiCached = 100;
    public const long AnthropicInput = 900, AnthropicCacheRead = 300, AnthropicOutput = 42;

    private readonly WebApplication _app;
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeUpstream(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    public UpstreamMode Mode { get; set; }

    public JsonObject? LastBody { get; private set; }

    /// <summary>A copy: Kestrel recycles the live header collection after the request.</summary>
    public Dictionary<string, string>? LastHeaders { get; private set; }

    /// <summary>False until the upstream has written everything (the stream's end included).</summary>
    public bool Finished { get; private set; }

    public static async Task<FakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var upstream = new FakeUpstream(app);
        app.MapPost("/v1/chat/completions", upstream.ChatAsync);
        app.MapPost("/v1/messages", upstream.MessagesAsync);
        await app.StartAsync();
        upstream.BaseUri = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return upstream;
    }

    public void Release() => _gate.TrySetResult();

    public void Reset()
    {
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Finished = false;
    }

    private async Task<bool> BeginAsync(HttpContext context)
    {
        LastHeaders = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        LastBody = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body))!;
        if (Mode == UpstreamMode.Status500)
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsJsonAsync(new { error = new { message = "boom", type = "server_error" } });
            return false;
        }

        return true;
    }

    private async Task ChatAsync(HttpContext context)
    {
        if (!await BeginAsync(context))
        {
            return;
        }

        var usage = new JsonObject
        {
            ["prompt_tokens"] = OpenAiPrompt, ["completion_tokens"] = OpenAiCompletion, ["total_tokens"] = OpenAiPrompt + OpenAiCompletion,
            ["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = OpenAiReasoning },
            ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = OpenAiCached },
        };
        if ((bool?)LastBody!["stream"] != true)
        {
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["id"] = "c1", ["object"] = "chat.completion", ["model"] = (string?)LastBody["model"],
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = "Hello" }, ["finish_reason"] = "stop" }),
                ["usage"] = usage,
            });
            Finished = true;
            return;
        }

        context.Response.ContentType = "text/event-stream";
        async Task Send(string data)
        {
            await context.Response.WriteAsync("data: " + data + "\n\n");
            await context.Response.Body.FlushAsync();
        }

        string Chunk(string delta, string? finish = null) =>
            $$"""{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{{delta}},"finish_reason":{{(finish is null ? "null" : $"\"{finish}\"")}}}]}""";

        await Send(Chunk("""{"role":"assistant","content":""}"""));
        await Send(Chunk("""{"content":"Hel"}"""));
        if (Mode == UpstreamMode.Truncated)
        {
            Finished = true;
            return;
        }

        await _gate.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Send(Chunk("""{"content":"lo"}"""));
        await Send(Chunk("{}", "stop"));
        if ((bool?)LastBody["stream_options"]?["include_usage"] == true)
        {
            await Send(new JsonObject { ["id"] = "c1", ["object"] = "chat.completion.chunk", ["choices"] = new JsonArray(), ["usage"] = usage }.ToJsonString());
        }

        await Send("[DONE]");
        Finished = true;
    }

    private async Task MessagesAsync(HttpContext context)
    {
        if (!await BeginAsync(context))
        {
            return;
        }

        if ((bool?)LastBody!["stream"] != true)
        {
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["id"] = "m1", ["type"] = "message", ["role"] = "assistant", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "Hello" }),
                ["stop_reason"] = "end_turn",
                ["usage"] = new JsonObject { ["input_tokens"] = AnthropicInput, ["cache_read_input_tokens"] = AnthropicCacheRead, ["output_tokens"] = AnthropicOutput },
            });
            Finished = true;
            return;
        }

        context.Response.ContentType = "text/event-stream";
        async Task Send(string type, string data)
        {
            await context.Response.WriteAsync($"event: {type}\ndata: {data}\n\n");
            await context.Response.Body.FlushAsync();
        }

        await Send("message_start", """{"type":"message_start","message":{"id":"m1","type":"message","role":"assistant","content":[],"usage":{"input_tokens":""" + AnthropicInput + ""","cache_read_input_tokens":""" + AnthropicCacheRead + ""","output_tokens":1}}}""");
        await Send("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""");
        await Send("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}""");
        if (Mode == UpstreamMode.Truncated)
        {
            Finished = true;
            return;
        }

        await _gate.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Send("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo"}}""");
        await Send("content_block_stop", """{"type":"content_block_stop","index":0}""");
        await Send("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":""" + AnthropicOutput + "}}");
        await Send("message_stop", """{"type":"message_stop"}""");
        Finished = true;
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
