using System.Text;
using System.Text.Json;
using HarnessBench.Gateway.Http;

namespace HarnessBench.Gateway.Scripted;

/// <summary>A tool call the scripted model makes.</summary>
internal sealed record ScriptToolCall(string Id, string Name, string Arguments);

/// <summary>What the scripted model answers to one request: text and/or one tool call, or an endpoint failure.</summary>
internal sealed record ScriptReply(string? Text, ScriptToolCall? ToolCall, int FailStatus)
{
    /// <summary>
    /// Maps the turn's action onto the tools this request offers. A write or read without such a
    /// tool (or with a write tool that refuses unread overwrites) falls back to the shell tool (base64 to survive any quoting); nothing usable = text.
    /// </summary>
    public static ScriptReply For(ScriptTurn turn, IReadOnlyList<OfferedTool> tools, WireProtocol protocol)
    {
        if (turn.Action is not { } action)
        {
            return new ScriptReply(turn.Say, null, 0);
        }

        if (action.Kind == StepKind.Fail)
        {
            return new ScriptReply(null, null, action.Status);
        }

        OfferedTool? tool = ToolCatalog.Find(tools, action.Kind);
        var values = new Dictionary<ArgumentRole, string>();
        switch (action.Kind)
        {
            case StepKind.Shell:
                values[ArgumentRole.Command] = action.Command!;
                values[ArgumentRole.Description] = Describe(action.Command!);
                break;
            case StepKind.Write when tool is not null && !ToolCatalog.RefusesUnreadOverwrite(tool):
                values[ArgumentRole.Path] = action.Path!;
                values[ArgumentRole.Content] = action.Content!;
                values[ArgumentRole.Description] = "Write " + action.Path;
                break;
            case StepKind.Write:
                tool = ToolCatalog.Find(tools, StepKind.Shell);
                string b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(action.Content!));
                values[ArgumentRole.Command] = $"mkdir -p \"$(dirname '{action.Path}')\" && echo '{b64}' | base64 -d > '{action.Path}'";
                values[ArgumentRole.Description] = "Write " + action.Path;
                break;
            case StepKind.Read when tool is not null:
                values[ArgumentRole.Path] = action.Path!;
                values[ArgumentRole.Description] = "Read " + action.Path;
                break;
            case StepKind.Read:
                tool = ToolCatalog.Find(tools, StepKind.Shell);
                values[ArgumentRole.Command] = $"cat '{action.Path}'";
                values[ArgumentRole.Description] = "Read " + action.Path;
                break;
        }

        if (tool is null)
        {
            string names = string.Join(", ", tools.Select(t => t.Name));
            return new ScriptReply($"(scripted model: no tool for a {action.Kind.ToString().ToLowerInvariant()} step among [{names}])", null, 0);
        }

        string id = (protocol == WireProtocol.Anthropic ? "toolu_" : "call_") + Guid.NewGuid().ToString("N")[..24];
        return new ScriptReply(turn.Say, new ScriptToolCall(id, tool.Name, ToolArguments.Fill(tool.Schema, values)), 0);
    }

    /// <summary>Turn N answers the request that holds N assistant messages (retries get the same answer).</summary>
    public static int TurnIndex(JsonElement body) =>
        body.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array
            ? messages.EnumerateArray().Count(m => m.ValueKind == JsonValueKind.Object && m.TryGetProperty("role", out var r) && r.GetString() == "assistant")
            : 0;

    private static string Describe(string command)
    {
        string first = command.Split('\n')[0];
        return "Run: " + (first.Length > 60 ? first[..60] + "..." : first);
    }
}
