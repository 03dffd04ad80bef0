using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HarnessBench.Gateway.Benchmark;

/// <summary>
/// The benchmark's OpenAI-compatible upstream on 127.0.0.1: a tiny fixed completion, or a stream of
/// `max_tokens` one-token chunks (each flushed, as real servers do) followed by usage and [DONE].
/// </summary>
internal sealed class BenchUpstream : IAsyncDisposable
{
    private static readonly byte[] Completion = Encoding.UTF8.GetBytes(
        """{"id":"b","object":"chat.completion","model":"bench","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":1,"total_tokens":11}}""");

    private static readonly byte[] Chunk = Encoding.UTF8.GetBytes(
        "data: {\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok \"},\"finish_reason\":null}]}\n\n");

    private readonly WebApplication _app;

    private BenchUpstream(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    /// <summary>http://127.0.0.1:PORT/v1</summary>
    public Uri BaseUri { get; }

    public static async Task<BenchUpstream> StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", ServeAsync);
        await app.StartAsync(ct);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchUpstream(app, new Uri(address.TrimEnd('/') + "/v1"));
    }

    private static async Task ServeAsync(HttpContext context)
    {
        using var body = await System.Text.Json.JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var root = body.RootElement;
        bool stream = root.TryGetProperty("stream", out var s) && s.ValueKind == System.Text.Json.JsonValueKind.True;
        if (!stream)
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(Completion, context.RequestAborted);
            return;
        }

        int tokens = root.TryGetProperty("max_tokens", out var m) ? m.GetInt32() : 1000;
        context.Response.ContentType = "text/event-stream";
        for (int i = 0; i < tokens; i++)
        {
            await context.Response.Body.WriteAsync(Chunk, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }

        await context.Response.WriteAsync(
            $"data: {{\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{{\"prompt_tokens\":10,\"completion_tokens\":{tokens},\"total_tokens\":{tokens + 10}}}}}\n\ndata: [DONE]\n\n",
            context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
