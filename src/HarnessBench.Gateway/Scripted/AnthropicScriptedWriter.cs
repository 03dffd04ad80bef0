using System.Text.Json.Nodes;
using HarnessBench.Gateway.Http;

namespace HarnessBench.Gateway.Scripted;

/// <summary>
/// The scripted reply as Anthropic messages. Streams message_start, a text block and/or a tool_use
/// block (input_json_delta), each closed by content_block_stop (Claude Code retries without it),
/// message_delta with stop_reason and usage, message_stop.
/// </summary>
internal static class AnthropicScriptedWriter
{
    public static async Task WriteAsync(ModelCall call, ScriptReply reply, Pacer pacer, long promptTokens, long completionTokens)
    {
        string id = "msg_" + Guid.NewGuid().ToString("N")[..24];
        string stop = reply.ToolCall is null ? "end_turn" : "tool_use";
        if (!call.Stream)
        {
            var content = new JsonArray();
            if (!string.IsNullOrEmpty(reply.Text))
            {
                content.Add(new JsonObject { ["type"] = "text", ["text"] = reply.Text });
            }

            if (reply.ToolCall is { } tc)
            {
                content.Add(new JsonObject { ["type"] = "tool_use", ["id"] = tc.Id, ["name"] = tc.Name, ["input"] = JsonNode.Parse(tc.Arguments) });
            }

            call.Meter.Token();
            var body = Message(id, call.RequestedModel, content, stop, promptTokens, completionTokens);
            await call.WriteJsonAsync(200, body.ToJsonString());
            return;
        }

        await call.StartEventStreamAsync();
        Task Send(string type, JsonObject data)
        {
            data["type"] = type;
            return call.WriteEventAsync($"event: {type}\ndata: {data.ToJsonString()}\n\n");
        }

        await Send("message_start", new JsonObject { ["message"] = Message(id, call.RequestedModel, [], null, promptTokens, 1) });
        int index = 0;
        if (!string.IsNullOrEmpty(reply.Text))
        {
            await Send("content_block_start", new JsonObject { ["index"] = index, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" } });
            foreach (string piece in Pacer.Pieces(reply.Text))
            {
                await pacer.NextAsync(call.Aborted);
                call.Meter.Token();
                await Send("content_block_delta", new JsonObject { ["index"] = index, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = piece } });
            }

            await Send("content_block_stop", new JsonObject { ["index"] = index++ });
        }

        if (reply.ToolCall is { } tool)
        {
            await Send("content_block_start", new JsonObject
            {
                ["index"] = index,
                ["content_block"] = new JsonObject { ["type"] = "tool_use", ["id"] = tool.Id, ["name"] = tool.Name, ["input"] = new JsonObject() },
            });
            foreach (string piece in Pacer.Pieces(tool.Arguments))
            {
                await pacer.NextAsync(call.Aborted);
                call.Meter.Token();
                await Send("content_block_delta", new JsonObject { ["index"] = index, ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = piece } });
            }

            await Send("content_block_stop", new JsonObject { ["index"] = index });
        }

        await Send("message_delta", new JsonObject
        {
            ["delta"] = new JsonObject { ["stop_reason"] = stop, ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["input_tokens"] = promptTokens, ["output_tokens"] = completionTokens },
        });
        await Send("message_stop", []);
    }

    private static JsonObject Message(string id, string model, JsonArray content, string? stop, long input, long output) => new()
    {
        ["id"] = id, ["type"] = "message", ["role"] = "assistant", ["model"] = model, ["content"] = content,
        ["stop_reason"] = stop, ["stop_sequence"] = null,
        ["usage"] = new JsonObject { ["input_tokens"] = input, ["output_tokens"] = output, ["cache_read_input_tokens"] = 0, ["cache_creation_input_tokens"] = 0 },
    };
}
