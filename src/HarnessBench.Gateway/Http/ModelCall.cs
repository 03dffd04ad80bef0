using System.Text;
using System.Text.Json;
using HarnessBench.Gateway.Metering;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace HarnessBench.Gateway.Http;

/// <summary>The wire protocol of a model request.</summary>
internal enum WireProtocol
{
    OpenAi,
    Anthropic,
}

/// <summary>
/// One model request in flight: the parsed body, its meter, and the client response. Everything
/// written goes to the client at once (flushed per event) and into the transcript copy.
/// </summary>
internal sealed class ModelCall(HttpContext http, WireProtocol protocol, string rawBody, JsonElement body, RequestMeter meter)
{
    private readonly StringBuilder _response = new();

    public HttpContext Http => http;

    public WireProtocol Protocol => protocol;

    public string RawBody => rawBody;

    public JsonElement Body => body;

    public RequestMeter Meter => meter;

    public CancellationToken Aborted => http.RequestAborted;

    public bool Stream => body.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;

    /// <summary>The model name the client asked for (echoed in replies).</summary>
    public string RequestedModel => body.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";

    /// <summary>What the client got, for the transcript.</summary>
    public string ResponseText => _response.ToString();

    public async Task StartEventStreamAsync(int status = 200)
    {
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.StartAsync(Aborted);
    }

    /// <summary>Writes one complete SSE event (or any text) and flushes it to the client.</summary>
    public async Task WriteEventAsync(string text)
    {
        _response.Append(text);
        await http.Response.WriteAsync(text, Aborted);
        await http.Response.Body.FlushAsync(Aborted);
    }

    public async Task WriteJsonAsync(int status, string json)
    {
        _response.Append(json);
        meter.Status = status;
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(json, Aborted);
    }

    /// <summary>An error in the protocol's own error shape.</summary>
    public Task WriteErrorAsync(int status, string type, string message) =>
        WriteJsonAsync(status, ErrorBodies.For(protocol, type, message));
}

/// <summary>Error bodies clients understand: OpenAI {error: {message, type}}, Anthropic {type: error, error: {type, message}}.</summary>
internal static class ErrorBodies
{
    public static string For(WireProtocol protocol, string type, string message) => protocol == WireProtocol.Anthropic
        ? JsonSerializer.Serialize(new { type = "error", error = new { type, message } })
        : JsonSerializer.Serialize(new { error = new { message, type, code = type } });
}
