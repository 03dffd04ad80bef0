using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace HarnessBench.Gateway.Probing;

/// <summary>One chat message of a probe conversation.</summary>
internal sealed record ProbeMessage(string Role, string Content);

/// <summary>What one streamed request returned: its timing and the answer's text (the next turn appends it).</summary>
internal sealed record ProbeReply(StreamSample Sample, string Text);

/// <summary>How the probe talks to the model: the chat URL, the protocol and request options.</summary>
/// <param name="IgnoreEos">Send `ignore_eos: true` (llama.cpp, vLLM) so that every answer runs to max_tokens.</param>
internal sealed record ProbeEndpoint(Uri Url, bool Anthropic, string Model, ThinkingMode Thinking, ThinkingStyle Style, bool IgnoreEos);

/// <summary>
/// Sends one streamed chat request and times every line as it arrives (<see cref="StreamTimeline"/>).
/// OpenAI requests ask for stream_options.include_usage, so the server's own token counts are used.
/// </summary>
internal sealed class ProbeClient(HttpClient http, ProbeEndpoint endpoint)
{
    public ProbeEndpoint Endpoint => endpoint;

    public async Task<ProbeReply> SendAsync(IReadOnlyList<ProbeMessage> messages, int maxTokens, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
        {
            Content = new StringContent(Body(messages, maxTokens).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        long sent = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e)
        {
            throw new ProbeException(ProbeFailure.Unreachable, $"the model endpoint {endpoint.Url} could not be reached: {e.Message}. Check that the server runs and the URL is right.");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ProbeException(ProbeFailure.Unreachable, $"the model endpoint {endpoint.Url} did not answer within {http.Timeout.TotalSeconds:0} s.");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                string text = await response.Content.ReadAsStringAsync(ct);
                string message = ErrorMessage(text);
                // The gateway answers 502/504 with type upstream_unavailable when the upstream itself cannot be reached.
                if (response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout && text.Contains("upstream_unavailable", StringComparison.Ordinal))
                {
                    throw new ProbeException(ProbeFailure.Unreachable, $"the model endpoint could not be reached: {message}. Check that its server runs and that base_url is right.");
                }

                throw new ProbeException(ProbeFailure.HttpError, $"the model endpoint answered HTTP {(int)response.StatusCode}: {message}");
            }

            var timeline = new StreamTimeline();
            var answer = new StringBuilder();
            await using Stream body = await response.Content.ReadAsStreamAsync(ct);
            using var reader = new StreamReader(body, Encoding.UTF8);
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                long at = Stopwatch.GetTimestamp();
                int before = timeline.ContentChunks;
                timeline.Line(line, at);
                if (timeline.ContentChunks > before)
                {
                    answer.Append(ContentOf(line));
                }
            }

            long ended = Stopwatch.GetTimestamp();
            if (timeline.Error is { } error)
            {
                throw new ProbeException(ProbeFailure.BadStream, $"the model's stream carried an error: {Shorten(error)}");
            }

            if (timeline.FirstTokenAt is null)
            {
                throw new ProbeException(ProbeFailure.BadStream, "the model's stream ended without a single token (is this a chat model, and is max_tokens allowed?)");
            }

            var sample = StreamSample.From(timeline, sent, ended, static (a, b) => Stopwatch.GetElapsedTime(a, b).TotalMilliseconds);
            return new ProbeReply(sample, answer.ToString());
        }
    }

    private JsonObject Body(IReadOnlyList<ProbeMessage> messages, int maxTokens)
    {
        var list = new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content })]);
        var body = new JsonObject { ["model"] = endpoint.Model, ["messages"] = list, ["max_tokens"] = maxTokens, ["stream"] = true };
        if (endpoint.Anthropic)
        {
            ThinkingParameters.ApplyAnthropic(body, endpoint.Thinking, maxTokens);
            return body;
        }

        body["stream_options"] = new JsonObject { ["include_usage"] = true };
        if (endpoint.IgnoreEos)
        {
            body["ignore_eos"] = true;
        }

        ThinkingParameters.ApplyOpenAi(body, endpoint.Thinking, endpoint.Style);
        return body;
    }

    /// <summary>The content text of a data line that carried content (OpenAI delta.content, Anthropic text_delta).</summary>
    private static string ContentOf(string line)
    {
        try
        {
            var node = JsonNode.Parse(line[5..].Trim());
            return (string?)node?["choices"]?[0]?["delta"]?["content"] ?? (string?)node?["delta"]?["text"] ?? "";
        }
        catch (System.Text.Json.JsonException)
        {
            return "";
        }
        catch (InvalidOperationException)
        {
            return ""; // a non-string content (tool calls): nothing to append
        }
    }

    /// <summary>error.message of an OpenAI or Anthropic error body, else the body itself (shortened).</summary>
    private static string ErrorMessage(string body)
    {
        try
        {
            if (JsonNode.Parse(body)?["error"]?["message"] is JsonValue value && value.TryGetValue(out string? message))
            {
                return Shorten(message);
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // not JSON: show it as it is
        }

        return Shorten(body);
    }

    private static string Shorten(string text) => text.Length <= 400 ? text.Trim() : text[..400].Trim() + "...";
}
