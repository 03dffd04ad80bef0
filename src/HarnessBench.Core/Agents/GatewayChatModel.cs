using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HarnessBench.Core.Pipeline;

namespace HarnessBench.Core.Agents;

/// <summary>
/// Chat completions through the cell's gateway session from the host: an HttpClient whose
/// connections go to the gateway's unix socket, so requests are attributed, metered and
/// transcribed exactly like a harness's. Non-streaming (<c>stream: false</c>): the loop needs
/// whole replies, and the gateway meters tokens from the reply's usage either way.
/// </summary>
public sealed class GatewayChatModel : IChatModel, IDisposable
{
    private readonly HttpClient _http;
    private readonly HostModelEndpoint _endpoint;

    public GatewayChatModel(HostModelEndpoint endpoint, TimeSpan requestTimeout)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _endpoint = endpoint;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(endpoint.SocketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        // The host name is never resolved: every connection goes to the socket.
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://hbench-gateway"), Timeout = requestTimeout };
    }

    public async Task<ChatReply> CompleteAsync(IReadOnlyList<JsonObject> messages, JsonArray tools, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(tools);
        var body = new JsonObject
        {
            ["model"] = _endpoint.ModelName,
            ["messages"] = new JsonArray([.. messages.Select(m => m.DeepClone())]),
            ["stream"] = false,
        };
        if (tools.Count > 0) body["tools"] = tools.DeepClone();
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        string text;
        int status;
        try
        {
            using var response = await _http.PostAsync(_endpoint.OpenAiBasePath.TrimEnd('/') + "/chat/completions", content, cancellationToken);
            status = (int)response.StatusCode;
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ModelCallException($"the model gateway could not be reached: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ModelCallException($"the model did not answer within {_http.Timeout.TotalSeconds:0} s", ex);
        }
        if (status is < 200 or > 299)
            throw new ModelCallException($"the model endpoint answered HTTP {status}: {Shorten(text)}");
        return ChatReplyParser.Parse(text);
    }

    public void Dispose() => _http.Dispose();

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";
}

/// <summary>Reads choices[0].message of a non-streamed chat completion.</summary>
internal static class ChatReplyParser
{
    public static ChatReply Parse(string json)
    {
        try
        {
            var root = JsonNode.Parse(json) as JsonObject ?? throw new ModelCallException("the model's reply is not a JSON object");
            var choice = (root["choices"] as JsonArray)?.FirstOrDefault() as JsonObject
                ?? throw new ModelCallException("the model's reply has no choices");
            var message = choice["message"] as JsonObject ?? throw new ModelCallException("the model's reply has no message");
            var calls = new List<ChatToolCall>();
            foreach (var item in (message["tool_calls"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var function = item["function"] as JsonObject;
                calls.Add(new ChatToolCall(
                    Str(item["id"]) ?? $"call_{calls.Count}",
                    Str(function?["name"]) ?? "",
                    function?["arguments"] switch
                    {
                        JsonValue v when v.TryGetValue<string>(out var s) => s,
                        null => "{}",
                        var other => other.ToJsonString(),
                    }));
            }
            var usage = root["usage"] as JsonObject;
            return new ChatReply(Str(message["content"]), calls, Str(choice["finish_reason"]),
                usage is null ? null : new ChatUsage(Long(usage["prompt_tokens"]), Long(usage["completion_tokens"])));
        }
        catch (JsonException ex)
        {
            throw new ModelCallException($"the model's reply is not valid JSON: {ex.Message}", ex);
        }
    }

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static long? Long(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var l) ? l : null;
}
