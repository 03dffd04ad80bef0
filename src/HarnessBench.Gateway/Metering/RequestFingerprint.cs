using System.Text.Json;

namespace HarnessBench.Gateway.Metering;

/// <summary>
/// The harness's fingerprint in one request: the system prompt size (OpenAI system/developer
/// messages; Anthropic `system` plus any role:system message inside `messages`) and the tool names.
/// </summary>
internal sealed record RequestFingerprint(int SystemPromptChars, IReadOnlyList<string> ToolNames)
{
    public static RequestFingerprint Empty { get; } = new(0, []);

    public static int RoughTokens(int chars) => (chars + 3) / 4;

    public static RequestFingerprint Of(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Empty;
        }

        int chars = 0;
        if (body.TryGetProperty("system", out var system))
        {
            chars += TextLength(system);
        }

        if (body.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out var role)
                    && role.GetString() is "system" or "developer" && message.TryGetProperty("content", out var content))
                {
                    chars += TextLength(content);
                }
            }
        }

        var tools = new List<string>();
        if (body.TryGetProperty("tools", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var tool in list.EnumerateArray())
            {
                if (ToolName(tool) is { } name)
                {
                    tools.Add(name);
                }
            }
        }

        return new RequestFingerprint(chars, tools);
    }

    /// <summary>A tool's name in either protocol: {function: {name}} (OpenAI) or {name} (Anthropic).</summary>
    public static string? ToolName(JsonElement tool) =>
        tool.ValueKind != JsonValueKind.Object ? null
        : tool.TryGetProperty("function", out var fn) && fn.ValueKind == JsonValueKind.Object && fn.TryGetProperty("name", out var n) ? n.GetString()
        : tool.TryGetProperty("name", out var name) ? name.GetString()
        : null;

    /// <summary>Characters of text in a string or an array of text parts.</summary>
    public static int TextLength(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString()!.Length,
        JsonValueKind.Array => content.EnumerateArray().Sum(part =>
            part.ValueKind == JsonValueKind.String ? part.GetString()!.Length
            : part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()!.Length
            : 0),
        _ => 0,
    };
}
