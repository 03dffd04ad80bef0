using System.Text;
using System.Text.Json.Nodes;

namespace HarnessBench.Gateway.Tests.Infrastructure;

/// <summary>A tool call as a client assembles it.</summary>
internal sealed record ToolCallSeen(string Id, string Name, JsonObject Arguments);

/// <summary>A model reply assembled the way the CLIs do it, checking the protocol rules they enforce.</summary>
internal sealed record Reply(string Text, IReadOnlyList<ToolCallSeen> ToolCalls, string? Stop, long PromptTokens, long CompletionTokens, bool UsageChunkSeen)
{
    public static Reply FromOpenAiStream(IReadOnlyList<SseEvent> events)
    {
        Assert.Equal("[DONE]", events[^1].Data);
        var text = new StringBuilder();
        var calls = new SortedDictionary<int, (string Id, string Name, StringBuilder Args)>();
        string? finish = null;
        long prompt = 0, completion = 0;
        bool usageSeen = false;
        foreach (SseEvent e in events.SkipLast(1))
        {
            JsonObject chunk = e.Json;
            Assert.Equal("chat.completion.chunk", (string?)chunk["object"]);
            if (chunk["usage"] is JsonObject usage)
            {
                usageSeen = true;
                prompt = (long)usage["prompt_tokens"]!;
                completion = (long)usage["completion_tokens"]!;
            }

            foreach (JsonNode? choice in chunk["choices"]!.AsArray())
            {
                finish ??= (string?)choice!["finish_reason"];
                JsonNode delta = choice!["delta"]!;
                text.Append((string?)delta["content"]);
                foreach (JsonNode? call in delta["tool_calls"]?.AsArray() ?? [])
                {
                    // OpenCode rejects tool-call deltas without index and id; Pi splits calls without index.
                    int index = (int)call!["index"]!;
                    string id = (string)call["id"]!;
                    if (!calls.TryGetValue(index, out var entry))
                    {
                        entry = (id, (string)call["function"]!["name"]!, new StringBuilder());
                        calls[index] = entry;
                    }

                    Assert.Equal(entry.Id, id);
                    entry.Args.Append((string?)call["function"]!["arguments"]);
                }
            }
        }

        return new Reply(text.ToString(), [.. calls.Values.Select(c => new ToolCallSeen(c.Id, c.Name, (JsonObject)JsonNode.Parse(c.Args.ToString())!))],
            finish, prompt, completion, usageSeen);
    }

    public static Reply FromOpenAiJson(JsonObject body)
    {
        JsonNode message = body["choices"]![0]!["message"]!;
        var calls = (message["tool_calls"]?.AsArray() ?? []).Select(c => new ToolCallSeen((string)c!["id"]!, (string)c["function"]!["name"]!,
            (JsonObject)JsonNode.Parse((string)c["function"]!["arguments"]!)!)).ToList();
        return new Reply((string?)message["content"] ?? "", calls, (string?)body["choices"]![0]!["finish_reason"],
            (long)body["usage"]!["prompt_tokens"]!, (long)body["usage"]!["completion_tokens"]!, true);
    }

    public static Reply FromAnthropicStream(IReadOnlyList<SseEvent> events)
    {
        Assert.Equal("message_start", events[0].Event);
        Assert.Equal("message_stop", events[^1].Event);
        var text = new StringBuilder();
        var calls = new List<ToolCallSeen>();
        var open = new Dictionary<int, (string Type, string? Id, string? Name, StringBuilder Json)>();
        string? stop = null;
        long prompt = (long)events[0].Json["message"]!["usage"]!["input_tokens"]!, completion = 0;
        foreach (SseEvent e in events)
        {
            JsonObject data = e.Json;
            Assert.Equal(e.Event, (string?)data["type"]);
            switch (e.Event)
            {
                case "content_block_start":
                    JsonNode block = data["content_block"]!;
                    open.Add((int)data["index"]!, ((string)block["type"]!, (string?)block["id"], (string?)block["name"], new StringBuilder()));
                    break;
                case "content_block_delta":
                    var current = open[(int)data["index"]!];
                    text.Append((string?)data["delta"]!["text"]);
                    current.Json.Append((string?)data["delta"]!["partial_json"]);
                    break;
                case "content_block_stop":
                    // Claude Code fails without content_block_stop: every block must be closed.
                    var closed = open[(int)data["index"]!];
                    open.Remove((int)data["index"]!);
                    if (closed.Type == "tool_use")
                    {
                        calls.Add(new ToolCallSeen(closed.Id!, closed.Name!, (JsonObject)JsonNode.Parse(closed.Json.ToString())!));
                    }

                    break;
                case "message_delta":
                    stop = (string?)data["delta"]!["stop_reason"];
                    completion = (long)data["usage"]!["output_tokens"]!;
                    break;
            }
        }

        Assert.Empty(open);
        return new Reply(text.ToString(), calls, stop, prompt, completion, true);
    }

    public static Reply FromAnthropicJson(JsonObject body)
    {
        var text = new StringBuilder();
        var calls = new List<ToolCallSeen>();
        foreach (JsonNode? block in body["content"]!.AsArray())
        {
            if ((string?)block!["type"] == "text")
            {
                text.Append((string?)block["text"]);
            }
            else
            {
                calls.Add(new ToolCallSeen((string)block["id"]!, (string)block["name"]!, (JsonObject)block["input"]!));
            }
        }

        return new Reply(text.ToString(), calls, (string?)body["stop_reason"], (long)body["usage"]!["input_tokens"]!, (long)body["usage"]!["output_tokens"]!, true);
    }
}
