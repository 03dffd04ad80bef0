using System.Text.Json;

namespace HarnessBench.Core.Trajectories.Parsers;

/// <summary>
/// One session as <c>opencode export &lt;id&gt;</c> prints it: <c>{ info: { id, parentID, ... },
/// messages: [ { info: { role, time }, parts: [ { type: text | reasoning | tool | step-finish, ... } ] } ] }</c>.
/// Used for child (task/subagent) sessions, which <c>opencode run --format json</c> does not stream.
/// </summary>
public static class OpenCodeSessionExport
{
    /// <summary>The session's events (steps numbered from 0), its id and its parent; or why the text is not an export.</summary>
    public sealed record Result(IReadOnlyList<TrajectoryEvent> Events, string? SessionId, string? ParentId, string? Error);

    public static Result Parse(string json, int textCapBytes = TrajectoryParsers.DefaultTextCapBytes)
    {
        ArgumentNullException.ThrowIfNull(json);
        // Exports may start with a status line before the JSON document.
        var start = json.IndexOf('{', StringComparison.Ordinal);
        if (start < 0) return new([], null, null, "no JSON object in the export");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.AsMemory(start));
        }
        catch (JsonException ex)
        {
            return new([], null, null, $"not JSON: {ex.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.Obj("info") is not { } info || root.Prop("messages") is not { ValueKind: JsonValueKind.Array } messages)
                return new([], null, null, "not an OpenCode session export (no info and messages)");
            var sessionId = info.Str("id");
            var parentId = info.Str("parentID");
            var builder = new TrajectoryBuilder(textCapBytes);
            foreach (var message in messages.EnumerateArray())
            {
                var role = message.Obj("info")?.Str("role");
                if (message.Prop("parts") is not { ValueKind: JsonValueKind.Array } parts) continue;
                foreach (var part in parts.EnumerateArray())
                    AddPart(builder, part, role, sessionId, parentId);
            }
            return new(builder.Build().Events, sessionId, parentId, null);
        }
    }

    private static void AddPart(TrajectoryBuilder builder, JsonElement part, string? role, string? sessionId, string? parentId)
    {
        var common = new TrajectoryEvent
        {
            Actor = role == "user" ? TrajectoryActor.Harness : TrajectoryActor.Model,
            Kind = TrajectoryEventKind.Message,
            SessionId = sessionId,
            ParentId = parentId,
        };
        switch (part.Str("type"))
        {
            case "text":
                builder.Add(common with { Text = part.Str("text") ?? "" });
                break;
            case "reasoning":
                builder.Add(common with { Kind = TrajectoryEventKind.Reasoning, Text = part.Str("text") ?? "" });
                break;
            case "tool":
                var state = part.Obj("state");
                var call = common with { Actor = TrajectoryActor.Model, Kind = TrajectoryEventKind.ToolCall, ToolName = part.Str("tool"), ToolCallId = part.Str("callID") };
                builder.AddCall(call, state?.Prop("input"));
                if (state?.Str("status") is "completed" or "error")
                {
                    builder.Add(call with
                    {
                        Actor = TrajectoryActor.Tool,
                        Kind = TrajectoryEventKind.ToolResult,
                        Text = state?.Str("output") ?? state?.Str("error") ?? "",
                        IsError = state?.Str("status") == "error",
                    });
                }
                break;
            case "step-finish":
                if (part.Obj("tokens") is { } tokens)
                {
                    builder.Add(common with
                    {
                        Kind = TrajectoryEventKind.Usage,
                        Tokens = new TokenCounts { Input = tokens.Long("input"), Output = tokens.Long("output"), Reasoning = tokens.Long("reasoning") },
                        CostUsd = part.Double("cost"),
                    });
                }
                break;
        }
    }
}
