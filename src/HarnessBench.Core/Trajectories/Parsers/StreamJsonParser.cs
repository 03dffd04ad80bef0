using System.Text.Json;

namespace HarnessBench.Core.Trajectories.Parsers;

/// <summary>
/// Claude Code's <c>--output-format stream-json</c> and Qwen Code's <c>-o stream-json</c>: the same
/// envelope (<c>system/init</c>, <c>assistant</c>, <c>user</c>, <c>result</c>, <c>stream_event</c>).
/// Differences seen in the captures: Claude splits one API message over several <c>assistant</c>
/// lines that repeat the same id and usage (counted once here), names its version field
/// <c>claude_code_version</c> and adds timestamps; Qwen sends one line per message,
/// <c>qwen_code_version</c>, no timestamps, and <c>stream_event</c> lines (goal_state).
/// </summary>
internal sealed class StreamJsonParser(string formatId, int textCapBytes) : JsonLinesParser(textCapBytes)
{
    public override string FormatId => formatId;

    protected override JsonLinesSession Begin(TrajectoryBuilder builder) => new Session(builder);

    private sealed class Session(TrajectoryBuilder builder) : JsonLinesSession(builder)
    {
        private readonly Dictionary<string, string> toolNames = new(StringComparer.Ordinal);
        private readonly HashSet<string> messagesWithUsage = new(StringComparer.Ordinal);

        public override bool Handle(JsonElement root, string? type, int line)
        {
            var common = new TrajectoryEvent
            {
                Actor = TrajectoryActor.Harness,
                Kind = TrajectoryEventKind.Message,
                Line = line,
                Timestamp = root.Time("timestamp"),
                SessionId = root.Str("session_id"),
                ParentId = root.Str("parent_tool_use_id"),
            };
            switch (type)
            {
                case "system":
                    System(root, common);
                    return true;
                case "assistant":
                    Assistant(root, common);
                    return true;
                case "user":
                    User(root, common);
                    return true;
                case "result":
                    Result(root, common);
                    return true;
                case "stream_event":
                    // Partial-message deltas and status pings: the complete message follows as its own line.
                    return true;
                default:
                    return false;
            }
        }

        private void System(JsonElement root, TrajectoryEvent common)
        {
            if (root.Str("subtype") == "init")
            {
                Builder.Add(common with
                {
                    Kind = TrajectoryEventKind.SessionStart,
                    Model = root.Str("model"),
                    Version = root.Str("claude_code_version") ?? root.Str("qwen_code_version") ?? root.Str("version"),
                    Tools = root.StringList("tools"),
                    Text = root.Str("cwd"),
                });
                return;
            }
            // Other system notices (api_retry, compact_boundary, hooks...): keep them, raw, for the audit.
            var subtype = root.Str("subtype") ?? "system";
            var isError = subtype.Contains("error", StringComparison.OrdinalIgnoreCase)
                || subtype.Contains("retry", StringComparison.OrdinalIgnoreCase);
            Builder.Add(common with
            {
                Kind = isError ? TrajectoryEventKind.Error : TrajectoryEventKind.Message,
                Text = root.GetRawText(),
                IsError = isError ? true : null,
            });
        }

        private void Assistant(JsonElement root, TrajectoryEvent common)
        {
            if (root.Obj("message") is not { } message)
            {
                Builder.Warn(common.Line ?? 0, "assistant event without a message object");
                return;
            }
            var model = common with { Actor = TrajectoryActor.Model, Model = message.Str("model") };
            if (message.Prop("content") is { ValueKind: JsonValueKind.String } plain)
            {
                Builder.Add(model with { Text = plain.GetString() });
            }
            foreach (var block in message.Items("content"))
            {
                switch (block.Str("type"))
                {
                    case "text":
                        Builder.Add(model with { Text = block.Str("text") ?? "" });
                        break;
                    case "thinking":
                    case "redacted_thinking":
                        Builder.Add(model with { Kind = TrajectoryEventKind.Reasoning, Text = block.Str("thinking") });
                        break;
                    case "tool_use":
                    case "server_tool_use":
                        var id = block.Str("id");
                        var name = block.Str("name");
                        if (id is not null && name is not null)
                        {
                            toolNames[id] = name;
                        }
                        Builder.AddCall(
                            model with { Kind = TrajectoryEventKind.ToolCall, ToolName = name, ToolCallId = id },
                            block.Prop("input"));
                        break;
                    default:
                        Builder.Warn(common.Line ?? 0, $"unknown assistant content block '{block.Str("type")}'");
                        break;
                }
            }
            if (message.Obj("usage") is { } usage && FirstUsageOf(message.Str("id")))
            {
                Builder.Add(model with { Kind = TrajectoryEventKind.Usage, Tokens = Tokens(usage) });
            }
        }

        private bool FirstUsageOf(string? messageId) => messageId is null || messagesWithUsage.Add(messageId);

        private void User(JsonElement root, TrajectoryEvent common)
        {
            var message = root.Obj("message");
            var content = message?.Prop("content");
            if (content is { ValueKind: JsonValueKind.String } prompt)
            {
                Builder.Add(common with { Text = prompt.GetString() });
                return;
            }
            foreach (var block in message?.Items("content") ?? [])
            {
                if (block.Str("type") != "tool_result")
                {
                    Builder.Add(common with { Text = Json.ContentText(block) ?? "" });
                    continue;
                }
                var id = block.Str("tool_use_id");
                Builder.Add(common with
                {
                    Actor = TrajectoryActor.Tool,
                    Kind = TrajectoryEventKind.ToolResult,
                    ToolCallId = id,
                    ToolName = id is not null && toolNames.TryGetValue(id, out var name) ? name : null,
                    Text = Json.ContentText(block.Prop("content")) ?? "",
                    IsError = block.Bool("is_error") ?? false,
                });
            }
        }

        private void Result(JsonElement root, TrajectoryEvent common)
        {
            var isError = root.Bool("is_error") ?? root.Str("subtype") is { } s && s != "success";
            Builder.Add(common with
            {
                Kind = TrajectoryEventKind.SessionEnd,
                Text = root.Str("result") ?? root.Str("error") ?? root.Str("subtype"),
                IsError = isError,
                Tokens = root.Obj("usage") is { } usage ? Tokens(usage) : null,
                CostUsd = root.Double("total_cost_usd"),
                DurationMs = root.Long("duration_ms"),
            });
        }

        private static TokenCounts Tokens(JsonElement usage) => new()
        {
            Input = usage.Long("input_tokens"),
            Output = usage.Long("output_tokens"),
            CacheRead = usage.Long("cache_read_input_tokens"),
            CacheWrite = usage.Long("cache_creation_input_tokens"),
            Reasoning = usage.Obj("output_tokens_details")?.Long("thinking_tokens"),
        };
    }
}
