using System.Text.Json.Nodes;
using HarnessBench.Gateway.Http;

namespace HarnessBench.Gateway.Scripted;

/// <summary>
/// The scripted reply as OpenAI chat completions. Streams: a role chunk, content deltas, tool_calls
/// deltas that always carry `index` and `id` (OpenCode and Pi need both), a finish_reason chunk,
/// the usage chunk when the client asked for stream_options.include_usage, then `data: [DONE]`.
/// </summary>
internal static class OpenAiScriptedWriter
{
    public static async Task WriteAsync(ModelCall call, ScriptReply reply, Pacer pacer, long promptTokens, long completionTokens)
    {
        string id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..24];
        long created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string finish = reply.ToolCall is null ? "stop" : "tool_calls";
        var usage = new JsonObject { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = completionTokens, ["total_tokens"] = promptTokens + completionTokens };
        if (!call.Stream)
        {
            var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.Text };
            if (reply.ToolCall is { } tc)
            {
                message["tool_calls"] = new JsonArray(ToolCall(tc, tc.Arguments));
            }

            call.Meter.Token();
            var body = new JsonObject
            {
                ["id"] = id, ["object"] = "chat.completion", ["created"] = created, ["model"] = call.RequestedModel,
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finish }),
                ["usage"] = usage,
            };
            await call.WriteJsonAsync(200, body.ToJsonString());
            return;
        }

        await call.StartEventStreamAsync();
        Task Chunk(JsonObject delta, string? finishReason = null) => call.WriteEventAsync(Event(new JsonObject
        {
            ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = created, ["model"] = call.RequestedModel,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
        }));

        await Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" });
        foreach (string piece in Pacer.Pieces(reply.Text ?? ""))
        {
            await pacer.NextAsync(call.Aborted);
            call.Meter.Token();
            await Chunk(new JsonObject { ["content"] = piece });
        }

        if (reply.ToolCall is { } call1)
        {
            await Chunk(new JsonObject { ["tool_calls"] = new JsonArray(ToolCall(call1, "")) });
            foreach (string piece in Pacer.Pieces(call1.Arguments))
            {
                await pacer.NextAsync(call.Aborted);
                call.Meter.Token();
                await Chunk(new JsonObject
                {
                    ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = 0, ["id"] = call1.Id, ["function"] = new JsonObject { ["arguments"] = piece } }),
                });
            }
        }

        await Chunk([], finish);
        if (OpenAiStream.ClientWantsUsage(call.Body))
        {
            await call.WriteEventAsync(Event(new JsonObject
            {
                ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = created, ["model"] = call.RequestedModel,
                ["choices"] = new JsonArray(), ["usage"] = usage,
            }));
        }

        await call.WriteEventAsync("data: [DONE]\n\n");
    }

    private static JsonObject ToolCall(ScriptToolCall tc, string arguments) => new()
    {
        ["index"] = 0, ["id"] = tc.Id, ["type"] = "function",
        ["function"] = new JsonObject { ["name"] = tc.Name, ["arguments"] = arguments },
    };

    private static string Event(JsonObject data) => "data: " + data.ToJsonString() + "\n\n";
}
