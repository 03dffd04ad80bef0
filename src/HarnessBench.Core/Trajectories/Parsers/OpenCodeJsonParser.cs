using System.Text.Json;

namespace HarnessBench.Core.Trajectories.Parsers;

/// <summary>
/// OpenCode's <c>run --format json</c>: one line per finished part — <c>step_start</c>,
/// <c>text</c>, <c>reasoning</c>, <c>tool_use</c> (call and result in one part: <c>part.tool</c>,
/// <c>part.callID</c>, <c>part.state.input/output/status</c>), <c>step_finish</c> (tokens, cost) and
/// <c>error</c>. Timestamps are epoch milliseconds. A <c>sessionID</c> other than the first one seen
/// is a child (task) session; its events get the root session as parent.
/// </summary>
internal sealed class OpenCodeJsonParser(int textCapBytes) : JsonLinesParser(textCapBytes)
{
    public override string FormatId => TrajectoryParsers.OpenCodeJson;

    protected override JsonLinesSession Begin(TrajectoryBuilder builder) => new Session(builder);

    private sealed class Session(TrajectoryBuilder builder) : JsonLinesSession(builder)
    {
        private string? rootSession;

        public override bool Handle(JsonElement root, string? type, int line)
        {
            var part = root.Obj("part");
            var sessionId = root.Str("sessionID") ?? part?.Str("sessionID");
            rootSession ??= sessionId;
            var common = new TrajectoryEvent
            {
                Actor = TrajectoryActor.Model,
                Kind = TrajectoryEventKind.Message,
                Line = line,
                Timestamp = root.Time("timestamp"),
                SessionId = sessionId,
                ParentId = sessionId is not null && sessionId != rootSession ? rootSession : null,
            };
            switch (type)
            {
                case "step_start":
                    return true;
                case "text":
                    Builder.Add(common with { Text = part?.Str("text") ?? "" });
                    return true;
                case "reasoning":
                    Builder.Add(common with { Kind = TrajectoryEventKind.Reasoning, Text = part?.Str("text") ?? "" });
                    return true;
                case "tool_use":
                    Tool(part, common);
                    return true;
                case "step_finish":
                    Builder.Add(common with
                    {
                        Kind = TrajectoryEventKind.Usage,
                        Tokens = part?.Obj("tokens") is { } tokens ? Tokens(tokens) : null,
                        CostUsd = part?.Double("cost"),
                    });
                    return true;
                case "error":
                    Builder.Add(common with
                    {
                        Actor = TrajectoryActor.Harness,
                        Kind = TrajectoryEventKind.Error,
                        IsError = true,
                        Text = ErrorText(root),
                    });
                    return true;
                default:
                    return false;
            }
        }

        private void Tool(JsonElement? part, TrajectoryEvent common)
        {
            var state = part?.Obj("state");
            var time = state?.Obj("time");
            var call = common with
            {
                Kind = TrajectoryEventKind.ToolCall,
                ToolName = part?.Str("tool"),
                ToolCallId = part?.Str("callID"),
                Timestamp = time?.Time("start") ?? common.Timestamp,
            };
            Builder.AddCall(call, state?.Prop("input"));
            var status = state?.Str("status");
            if (status is "pending" or "running")
            {
                return;
            }
            var isError = status == "error";
            Builder.Add(call with
            {
                Actor = TrajectoryActor.Tool,
                Kind = TrajectoryEventKind.ToolResult,
                Timestamp = time?.Time("end") ?? common.Timestamp,
                Text = state?.Str("output") ?? state?.Str("error") ?? "",
                IsError = isError,
            });
        }

        private static string ErrorText(JsonElement root)
        {
            if (root.Obj("error") is { } error)
            {
                return error.Obj("data")?.Str("message") ?? error.Str("message") ?? error.Str("name") ?? error.GetRawText();
            }
            return root.Str("error") ?? root.Str("message") ?? root.GetRawText();
        }

        private static TokenCounts Tokens(JsonElement tokens) => new()
        {
            Input = tokens.Long("input"),
            Output = tokens.Long("output"),
            Reasoning = tokens.Long("reasoning"),
            CacheRead = tokens.Obj("cache")?.Long("read"),
            CacheWrite = tokens.Obj("cache")?.Long("write"),
        };
    }
}
