using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using HarnessBench.Gateway.Http;
using HarnessBench.Gateway.Metering;
using Microsoft.Extensions.Logging;

namespace HarnessBench.Gateway.Forwarding;

/// <summary>
/// Forwards a cell's requests to its openai/anthropic endpoint. Streams are relayed event by
/// event (each flushed at once, nothing buffered beyond one SSE event) while usage and token
/// timing are read off the events; failures are classified into <see cref="EndpointErrorKinds"/>.
/// </summary>
internal sealed class UpstreamBackend(UpstreamSettings settings, HttpClient http, string cellId, ILogger logger) : IModelBackend
{
    public async Task HandleAsync(ModelCall call)
    {
        bool openAi = call.Protocol == WireProtocol.OpenAi;
        using var request = new HttpRequestMessage(HttpMethod.Post, openAi ? settings.ChatCompletionsUri : settings.MessagesUri)
        {
            Content = new StringContent(settings.Rewrite(call.RawBody, openAi && call.Stream), Encoding.UTF8, "application/json"),
        };
        Authorize(request, call);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, call.Aborted);
        }
        catch (HttpRequestException e)
        {
            string kind = e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused } ? EndpointErrorKinds.ConnectionRefused : EndpointErrorKinds.Connection;
            await FailAsync(call, kind, 502, e.Message);
            return;
        }
        catch (TaskCanceledException e) when (!call.Aborted.IsCancellationRequested)
        {
            await FailAsync(call, EndpointErrorKinds.Timeout, 504, e.Message);
            return;
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                string text = await response.Content.ReadAsStringAsync(call.Aborted);
                call.Meter.Fail(EndpointErrorKinds.ForStatus((int)response.StatusCode), $"HTTP {(int)response.StatusCode}");
                Log.UpstreamError(logger, cellId, EndpointErrorKinds.ForStatus((int)response.StatusCode), $"HTTP {(int)response.StatusCode}");
                await call.WriteJsonAsync((int)response.StatusCode, text);
                return;
            }

            bool sse = response.Content.Headers.ContentType?.MediaType == "text/event-stream";
            if (call.Stream && sse)
            {
                await RelayStreamAsync(call, response);
            }
            else
            {
                await RelayBodyAsync(call, response);
            }
        }
    }

    private void Authorize(HttpRequestMessage request, ModelCall call)
    {
        string? key = settings.ApiKey();
        if (call.Protocol == WireProtocol.OpenAi)
        {
            if (key is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            return;
        }

        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("x-api-key", key);
        }

        string version = call.Http.Request.Headers["anthropic-version"].ToString();
        request.Headers.TryAddWithoutValidation("anthropic-version", version.Length > 0 ? version : "2023-06-01");
        if (call.Http.Request.Headers["anthropic-beta"].ToString() is { Length: > 0 } beta)
        {
            request.Headers.TryAddWithoutValidation("anthropic-beta", beta);
        }
    }

    private static async Task RelayBodyAsync(ModelCall call, HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync(call.Aborted);
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.TryGetProperty("usage", out var usage))
            {
                var state = default(AnthropicUsage);
                if (call.Protocol == WireProtocol.OpenAi)
                {
                    UsageReader.OpenAi(usage, call.Meter);
                }
                else
                {
                    UsageReader.Anthropic(usage, call.Meter, ref state);
                }
            }
        }
        catch (JsonException e)
        {
            call.Meter.Fail(EndpointErrorKinds.MalformedStream, e.Message);
        }

        await call.WriteJsonAsync((int)response.StatusCode, text);
    }

    private async Task RelayStreamAsync(ModelCall call, HttpResponseMessage response)
    {
        await call.StartEventStreamAsync((int)response.StatusCode);
        var relay = new SseRelay(call);
        await using Stream body = await response.Content.ReadAsStreamAsync(call.Aborted);
        using var reader = new StreamReader(body, Encoding.UTF8);
        var lines = new List<string>();
        try
        {
            while (await reader.ReadLineAsync(call.Aborted) is { } line)
            {
                if (line.Length > 0)
                {
                    lines.Add(line);
                    continue;
                }

                await relay.EventAsync(lines);
                lines.Clear();
            }
        }
        catch (IOException e)
        {
            call.Meter.Fail(EndpointErrorKinds.Connection, "stream broken: " + e.Message);
        }

        if (lines.Count > 0)
        {
            await relay.EventAsync(lines);
        }

        if (!relay.Finished)
        {
            call.Meter.Fail(EndpointErrorKinds.MalformedStream, "the stream ended without its final event");
        }

        if (call.Meter.Error is { } kind)
        {
            Log.UpstreamError(logger, cellId, kind, call.Meter.ErrorMessage ?? "");
        }
    }

    private async Task FailAsync(ModelCall call, string kind, int status, string message)
    {
        call.Meter.Fail(kind, message);
        Log.UpstreamError(logger, cellId, kind, message);
        await call.WriteErrorAsync(status, "upstream_unavailable", $"model endpoint failed ({kind}): {message}");
    }
}
