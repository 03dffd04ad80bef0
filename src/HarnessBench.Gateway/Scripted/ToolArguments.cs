using System.Text.Json;
using System.Text.Json.Nodes;

namespace HarnessBench.Gateway.Scripted;

/// <summary>What a tool call means, independent of the harness's parameter names.</summary>
internal enum ArgumentRole
{
    Command,
    Path,
    Content,
    Description,
}

/// <summary>
/// Fills a tool's JSON schema from role values: `command`/`cmd`; `file_path`/`filePath`/`path`/
/// `absolute_path`; `content`/`file_text`; `description`. Required fields with no role get a
/// neutral value of their type, so the call validates against the schema.
/// </summary>
internal static class ToolArguments
{
    public static string Fill(JsonElement? schema, IReadOnlyDictionary<ArgumentRole, string> values)
    {
        var args = new JsonObject();
        var properties = schema is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
            ? p.EnumerateObject().ToList()
            : null;
        if (properties is null)
        {
            // No schema: the most common names.
            foreach ((ArgumentRole role, string value) in values)
            {
                args[role switch { ArgumentRole.Command => "command", ArgumentRole.Path => "file_path", ArgumentRole.Content => "content", _ => "description" }] = value;
            }

            return args.ToJsonString();
        }

        foreach (var property in properties)
        {
            if (RoleOf(property.Name) is { } role && values.TryGetValue(role, out string? value))
            {
                args[property.Name] = value;
            }
        }

        if (schema!.Value.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (string? name in required.EnumerateArray().Select(r => r.GetString()))
            {
                if (name is not null && !args.ContainsKey(name))
                {
                    var type = properties.FirstOrDefault(x => x.Name == name).Value;
                    args[name] = Neutral(type);
                }
            }
        }

        return args.ToJsonString();
    }

    public static ArgumentRole? RoleOf(string name) => name.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant() switch
    {
        "command" or "cmd" or "script" or "commandline" => ArgumentRole.Command,
        "filepath" or "path" or "absolutepath" or "filename" or "file" or "targetfile" => ArgumentRole.Path,
        "content" or "contents" or "filetext" or "text" => ArgumentRole.Content,
        "description" => ArgumentRole.Description,
        _ => null,
    };

    private static JsonNode? Neutral(JsonElement schema)
    {
        string? type = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return type switch
        {
            "integer" or "number" => 0,
            "boolean" => false,
            "array" => new JsonArray(),
            "object" => new JsonObject(),
            _ => "",
        };
    }
}
