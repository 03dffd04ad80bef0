using System.Text.Json;
using HarnessBench.Gateway.Metering;

namespace HarnessBench.Gateway.Scripted;

/// <summary>A tool the client offered: its name and JSON schema (OpenAI function.parameters, Anthropic input_schema).</summary>
internal sealed record OfferedTool(string Name, JsonElement? Schema);

/// <summary>Finds the client's shell, write and read tools by the names real harnesses use.</summary>
internal static class ToolCatalog
{
    private static readonly string[] ShellNames = ["Bash", "bash", "run_shell_command", "shell", "run_command", "execute_command", "exec", "terminal", "run_terminal_cmd"];
    private static readonly string[] WriteNames = ["Write", "write", "write_file", "create_file", "writeFile", "file_write"];
    private static readonly string[] ReadNames = ["Read", "read", "read_file", "view", "readFile", "file_read", "cat"];

    // Write tools that refuse to overwrite a file the model has not read in full first (Qwen Code
    // 0.24's write_file; there is no setting to turn it off). The script cannot know whether the
    // file exists, so such writes go through the shell tool. Qwen's tool is recognized by its
    // `file_path` parameter: HarnessBench's own bare loop also offers a `write_file` (with `path`),
    // which overwrites unconditionally and so gets the write directly. No schema = assume it refuses.
    private static readonly string[] ReadBeforeOverwrite = ["write_file"];

    public static bool RefusesUnreadOverwrite(OfferedTool tool) =>
        ReadBeforeOverwrite.Contains(tool.Name, StringComparer.Ordinal)
        && (tool.Schema is not { ValueKind: JsonValueKind.Object } schema
            || !schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object
            || properties.TryGetProperty("file_path", out _));

    public static IReadOnlyList<OfferedTool> Offered(JsonElement body)
    {
        var tools = new List<OfferedTool>();
        if (!body.TryGetProperty("tools", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return tools;
        }

        foreach (var tool in list.EnumerateArray())
        {
            if (RequestFingerprint.ToolName(tool) is not { } name)
            {
                continue;
            }

            JsonElement? schema =
                tool.TryGetProperty("function", out var fn) && fn.ValueKind == JsonValueKind.Object
                    ? (fn.TryGetProperty("parameters", out var p) ? p : null)
                    : tool.TryGetProperty("input_schema", out var s) ? s : null;
            tools.Add(new OfferedTool(name, schema));
        }

        return tools;
    }

    public static OfferedTool? Find(IReadOnlyList<OfferedTool> tools, StepKind kind)
    {
        string[] names = kind switch
        {
            StepKind.Shell => ShellNames,
            StepKind.Write => WriteNames,
            StepKind.Read => ReadNames,
            _ => [],
        };
        foreach (string name in names)
        {
            if (tools.FirstOrDefault(t => t.Name == name) is { } exact)
            {
                return exact;
            }
        }

        foreach (string name in names)
        {
            if (tools.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)) is { } loose)
            {
                return loose;
            }
        }

        return null;
    }
}
