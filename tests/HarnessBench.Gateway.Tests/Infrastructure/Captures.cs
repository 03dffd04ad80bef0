using System.Text.Json.Nodes;

namespace HarnessBench.Gateway.Tests.Infrastructure;

/// <summary>Request bodies that Claude Code, OpenCode, Pi and Qwen Code really sent (Fixtures/captures).</summary>
internal static class Captures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "captures", name);

    public static string Text(string name) => File.ReadAllText(Path(name));

    public static JsonObject Json(string name) => (JsonObject)JsonNode.Parse(Text(name))!;

    /// <summary>The tool's JSON schema in the captured body (OpenAI function.parameters or Anthropic input_schema).</summary>
    public static JsonObject Schema(JsonObject body, string tool)
    {
        foreach (JsonNode? t in body["tools"]!.AsArray())
        {
            if (t!["function"] is JsonObject fn && (string?)fn["name"] == tool)
            {
                return (JsonObject)fn["parameters"]!;
            }

            if ((string?)t["name"] == tool)
            {
                return (JsonObject)t["input_schema"]!;
            }
        }

        throw new KeyNotFoundException(tool);
    }
}
