using System.Text.Json;

namespace HarnessBench.Core.Trajectories.Parsers;

/// <summary>
/// Pi's <c>--mode json</c>: agent/turn/message lifecycle events. Complete messages are taken from
/// <c>message_end</c> (user prompt; assistant <c>text</c>/<c>thinking</c>/<c>toolCall</c> blocks with
/// <c>usage</c>), tool runs from <c>tool_execution_start</c> (<c>toolName</c>, <c>args</c>) and
/// <c>tool_execution_end</c> (<c>result.content</c>, <c>isError</c>). The streaming
/// <c>message_update</c> deltas and the <c>toolResult</c> message echo are duplicates and skipped.
/// </summary>
internal sealed class PiJsonParser(int textCapBytes) : JsonLinesParser(textCapBytes)
{
    private static readonly HashSet<string> Lifecycle = new(StringComparer.Ordinal)
    {
        "agent_start", "turn_start", "turn_end", "message_start", "message_update", "tool_execution_update",
    };

    public override string FormatId => TrajectoryParsers.PiJson;

    protected override JsonLinesSession Begin(TrajectoryBuilder builder) => new Session(builder);

    private sealed class Session(TrajectoryBuilder builder) : JsonLinesSession(builder)
    {
        private readonly HashSet<string> calls = new(StringComparer.Ordinal);
        private readonly HashSet<string> results = new(StringComparer.Ordinal);
        private string? sessionId;

        public override bool Handle(JsonElement root, string? type, int line)
        {
            var common = new TrajectoryEvent
            {
                Actor = TrajectoryActor.Harness,
                Kind = TrajectoryEventKind.Message,
                Line = line,
                SessionId = sessionId,
            };
            switch (type)
            {
                case "session":
                    sessionId = root.Str("id");
                    Builder.Add(common with
                    {
                        Kind = TrajectoryEventKind.SessionStart,
                        SessionId = sessionId,
                        Timestamp = root.Time("timestamp"),
                        Text = root.Str("cwd"),
                    });
                    return true;
                case "message_end":
                    Message(root.Obj("message"), common);
                    return true;
                case "tool_execution_start":
                    Call(root.Str("toolCallId"), root.Str("toolName"), root.Prop("args"), common);
                    return true;
                case "tool_execution_end":
                    Result(root.Str("toolCallId"), root.Str("toolName"), root.Obj("result"), root.Bool("isError"), common);
                    return true;
                case "agent_end":
                    Builder.Add(common with { Kind = TrajectoryEventKind.SessionEnd });
                    return true;
                default:
                    return type is not null && Lifecycle.Contains(type);
            }
        }

        private void Message(JsonElement? message, TrajectoryEvent common)
        {
            if (message is not { } m)
            {
                return;
            }
            common = common with { Timestamp = m.Time("timestamp") };
            switch (m.Str("role"))
            {
                case "assistant":
                    Assistant(m, common with { Actor = TrajectoryActor.Model, Model = m.Str("model") });
                    break;
                case "toolResult":
                    Result(m.Str("toolCallId"), m.Str("toolName"), m, m.Bool("isError"), common);
                    break;
                default:
                    Builder.Add(common with { Text = Json.ContentText(m.Prop("content")) ?? "" });
                    break;
            }
        }

        private void Assistant(JsonElement m, TrajectoryEvent model)
        {
            foreach (var block in m.Items("content"))
            {
                switch (block.Str("type"))
                {
                    case "text":
                        Builder.Add(model with { Text = block.Str("text") ?? "" });
                        break;
                    case "thinking":
                        Builder.Add(model with { Kind = TrajectoryEventKind.Reasoning, Text = block.Str("thinking") ?? "" });
                        break;
                    case "toolCall":
                        Call(block.Str("id"), block.Str("name"), block.Prop("arguments"), model);
                        break;
                    default:
                        Builder.Warn(model.Line ?? 0, $"unknown assistant content block '{block.Str("type")}'");
                        break;
                }
            }
            if (m.Str("errorMessage") is not null || m.Str("stopReason") is "error" or "aborted")
            {
                Builder.Add(model with
                {
                    Actor = TrajectoryActor.Harness,
                    Kind = TrajectoryEventKind.Error,
                    IsError = true,
                    Text = m.Str("errorMessage") ?? m.Str("stopReason"),
                });
            }
            if (m.Obj("usage") is { } usage)
            {
                Builder.Add(model with
                {
                    Kind = TrajectoryEventKind.Usage,
                    Tokens = new TokenCounts
                    {
                        Input = usage.Long("input"),
                        Output = usage.Long("output"),
                        CacheRead = usage.Long("cacheRead"),
                        CacheWrite = usage.Long("cacheWrite"),
                    },
                    CostUsd = usage.Obj("cost")?.Double("total"),
                });
            }
        }

        // The model's toolCall block and tool_execution_start describe the same call: keep the first.
        private void Call(string? id, string? name, JsonElement? args, TrajectoryEvent common)
        {
            if (id is not null && !calls.Add(id))
            {
                return;
            }
            Builder.AddCall(
                common with { Actor = TrajectoryActor.Model, Kind = TrajectoryEventKind.ToolCall, ToolName = name, ToolCallId = id },
                args);
        }

        private void Result(string? id, string? name, JsonElement? result, bool? isError, TrajectoryEvent common)
        {
            if (id is not null && !results.Add(id))
            {
                return;
            }
            Builder.Add(common with
            {
                Actor = TrajectoryActor.Tool,
                Kind = TrajectoryEventKind.ToolResult,
                ToolName = name,
                ToolCallId = id,
                Text = Json.ContentText(result?.Prop("content")) ?? "",
                IsError = isError ?? false,
            });
        }
    }
}
