using System.Collections.Concurrent;
using System.Text.Json;
using HarnessBench.Gateway.Metering;
using HarnessBench.Gateway.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HarnessBench.Gateway.Http;

/// <summary>
/// Routes under /c/{token}/: v1/models, v1/chat/completions (OpenAI), v1/messages (Anthropic).
/// An unknown or closed token gets 404 with a JSON error, whatever the path.
/// </summary>
internal sealed class GatewayEndpoints(ConcurrentDictionary<string, CellState> cells, TimeProvider time, ILogger logger)
{
    public void Map(WebApplication app)
    {
        app.Map("/c/{token}/{**rest}", HandleAsync);
        app.MapFallback(context => NotFoundAsync(context, "no such route: model routes live under /c/<token>/v1/"));
    }

    private async Task HandleAsync(HttpContext context)
    {
        string token = (string)context.Request.RouteValues["token"]!;
        string rest = (string?)context.Request.RouteValues["rest"] ?? "";
        if (!cells.TryGetValue(token, out CellState? cell))
        {
            Log.UnknownToken(logger, rest);
            await NotFoundAsync(context, "unknown or closed gateway token");
            return;
        }

        string method = context.Request.Method;
        switch (rest.TrimEnd('/'))
        {
            case "v1/models" or "models" when HttpMethods.IsGet(method):
                await ModelsAsync(context, cell);
                break;
            case "v1/chat/completions" or "chat/completions" when HttpMethods.IsPost(method):
                await ModelRequestAsync(context, cell, WireProtocol.OpenAi);
                break;
            case "v1/messages" or "messages" when HttpMethods.IsPost(method):
                await ModelRequestAsync(context, cell, WireProtocol.Anthropic);
                break;
            default:
                await NotFoundAsync(context, $"{method} /{rest} is not served (v1/models, v1/chat/completions, v1/messages)");
                break;
        }
    }

    private static Task ModelsAsync(HttpContext context, CellState cell)
    {
        var body = new
        {
            @object = "list",
            data = new[] { new { id = cell.Session.ModelName, @object = "model", created = 0, owned_by = "harnessbench" } },
        };
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    private async Task ModelRequestAsync(HttpContext context, CellState cell, WireProtocol protocol)
    {
        DateTimeOffset started = time.GetUtcNow();
        string raw;
        using (var reader = new StreamReader(context.Request.Body))
        {
            raw = await reader.ReadToEndAsync(context.RequestAborted);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(raw);
        }
        catch (JsonException e)
        {
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(ErrorBodies.For(protocol, "invalid_request_error", "the body is not JSON: " + e.Message));
            return;
        }

        using (document)
        {
            var meter = new RequestMeter(protocol == WireProtocol.OpenAi ? "openai" : "anthropic",
                document.RootElement.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True,
                RequestFingerprint.Of(document.RootElement), time);
            var call = new ModelCall(context, protocol, raw, document.RootElement, meter);
            try
            {
                await cell.Backend.HandleAsync(call);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                meter.Status = 499; // the client went away; not an endpoint failure
            }
            finally
            {
                Record(cell, context, raw, call, meter.Finish(), started);
            }
        }
    }

    private void Record(CellState cell, HttpContext context, string raw, ModelCall call, RequestMetering metering, DateTimeOffset started)
    {
        cell.Meter.Add(metering);
        Log.RequestFinished(logger, cell.Session.CellId, metering.Protocol, metering.Status, metering.DurationMs, metering.PromptTokens, metering.CompletionTokens);
        if (cell.Transcript is null)
        {
            return;
        }

        try
        {
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            cell.Transcript.Write(new TranscriptEntry(started, context.Request.Method, context.Request.Path + context.Request.QueryString,
                headers, raw, metering.Status, call.ResponseText, metering.DurationMs, metering.Error));
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            Log.TranscriptFailed(logger, e, cell.Session.CellId);
        }
    }

    private static Task NotFoundAsync(HttpContext context, string message)
    {
        context.Response.StatusCode = 404;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { error = new { type = "not_found", message } }));
    }
}
