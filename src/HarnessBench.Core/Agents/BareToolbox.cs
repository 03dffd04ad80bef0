using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HarnessBench.Core.Runtime;

namespace HarnessBench.Core.Agents;

/// <summary>What one tool call gave back to the model, and a line for the agent log.</summary>
public sealed record ToolOutcome(string Text, bool IsError, string Summary);

/// <summary>
/// The bare loop's four tools, each run as a command in the cell's sandboxed container (as
/// uid 1000 in /workspace, no network, with a per-call timeout). Bad calls (unknown tool, invalid
/// JSON, missing argument) are answered with an error text the model can act on, never thrown.
/// Output shown to the model is capped at <see cref="OutputCapBytes"/> and says so when cut.
/// </summary>
public sealed class BareToolbox(IContainerSession session, TimeSpan commandTimeout)
{
    public const int OutputCapBytes = 16 * 1024;

    // base64 of a chunk stays well under Linux's 128 KiB limit on one argv string.
    private const int WriteChunkBytes = 48 * 1024;

    private const string WriteScript = "mkdir -p -- \"$(dirname -- \"$1\")\" && printf %s \"$2\" | base64 -d > \"$1\"";
    private const string AppendScript = "printf %s \"$2\" | base64 -d >> \"$1\"";

    public static IReadOnlyList<string> Names { get; } = ["read_file", "write_file", "run_command", "search_code"];

    /// <summary>The OpenAI <c>tools</c> array offered on every turn.</summary>
    public static JsonArray Definitions() =>
    [
        Tool("read_file", "Read a text file. Relative paths are relative to /workspace.",
            ("path", "string", "File to read", true)),
        Tool("write_file", "Create or overwrite a file with the given content (parent directories are created).",
            ("path", "string", "File to write; relative paths are relative to /workspace", true),
            ("content", "string", "The complete new content of the file", true)),
        Tool("run_command", "Run a shell command (bash -c) in /workspace and get its exit code, stdout and stderr. There is no network.",
            ("command", "string", "The command line", true)),
        Tool("search_code", "Search files under a directory for a regular expression (grep -rnIE); prints file:line:text.",
            ("pattern", "string", "Extended regular expression", true),
            ("path", "string", "Directory or file to search (default: /workspace)", false)),
    ];

    public async Task<ToolOutcome> RunAsync(ChatToolCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!Names.Contains(call.Name, StringComparer.Ordinal))
            return Error($"unknown tool '{call.Name}'; the tools are {string.Join(", ", Names)}", $"unknown tool {call.Name}");
        JsonObject args;
        try
        {
            args = JsonNode.Parse(string.IsNullOrWhiteSpace(call.Arguments) ? "{}" : call.Arguments) as JsonObject
                ?? throw new JsonException("the arguments must be a JSON object");
        }
        catch (JsonException ex)
        {
            return Error($"the arguments of {call.Name} are not a valid JSON object ({ex.Message}); send e.g. {Example(call.Name)}", $"{call.Name}: malformed arguments");
        }
        return call.Name switch
        {
            "read_file" => Required(args, call.Name, "path") is { } path ? await ReadAsync(path, cancellationToken) : Missing(call.Name, "path"),
            "write_file" => Required(args, call.Name, "path") is not { } path ? Missing(call.Name, "path")
                : Text(args, "content") is not { } content ? Missing(call.Name, "content")
                : await WriteAsync(path, content, cancellationToken),
            "run_command" => Required(args, call.Name, "command") is { } command ? await CommandAsync(command, cancellationToken) : Missing(call.Name, "command"),
            _ => Required(args, call.Name, "pattern") is { } pattern ? await SearchAsync(pattern, Text(args, "path") ?? ".", cancellationToken) : Missing(call.Name, "pattern"),
        };
    }

    private async Task<ToolOutcome> ReadAsync(string path, CancellationToken ct)
    {
        var run = await ExecAsync(["cat", "--", path], ct);
        if (run.TimedOut) return TimedOut($"read_file {path}");
        return run.ExitCode == 0
            ? new ToolOutcome(Cap(run.Stdout, run.Truncated), false, $"read_file {path} -> {Encoding.UTF8.GetByteCount(run.Stdout)} bytes")
            : Error($"cannot read {path}: {run.Stderr.Trim()}", $"read_file {path} -> exit {run.ExitCode}");
    }

    private async Task<ToolOutcome> WriteAsync(string path, string content, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var offset = 0;
        do
        {
            var length = Math.Min(WriteChunkBytes, bytes.Length - offset);
            var chunk = Convert.ToBase64String(bytes, offset, length);
            var run = await ExecAsync(["sh", "-c", offset == 0 ? WriteScript : AppendScript, "hb-write", path, chunk], ct);
            if (run.TimedOut) return TimedOut($"write_file {path}");
            if (run.ExitCode != 0) return Error($"cannot write {path}: {run.Stderr.Trim()}", $"write_file {path} -> exit {run.ExitCode}");
            offset += length;
        }
        while (offset < bytes.Length);
        return new ToolOutcome($"wrote {bytes.Length} bytes to {path}", false, $"write_file {path} -> {bytes.Length} bytes");
    }

    private async Task<ToolOutcome> CommandAsync(string command, CancellationToken ct)
    {
        var run = await ExecAsync(["bash", "-c", command], ct);
        var head = FirstLine(command);
        if (run.TimedOut) return TimedOut($"run_command {head}");
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"exit code: {run.ExitCode}\n");
        if (run.Stdout.Length > 0) text.Append("stdout:\n").Append(run.Stdout).Append(run.Stdout.EndsWith('\n') ? "" : "\n");
        if (run.Stderr.Length > 0) text.Append("stderr:\n").Append(run.Stderr);
        return new ToolOutcome(Cap(text.ToString(), run.Truncated), run.ExitCode != 0, $"run_command {head} -> exit {run.ExitCode}");
    }

    private async Task<ToolOutcome> SearchAsync(string pattern, string path, CancellationToken ct)
    {
        var run = await ExecAsync(["grep", "-rnIE", "--", pattern, path], ct);
        if (run.TimedOut) return TimedOut($"search_code {pattern}");
        return run.ExitCode switch
        {
            0 => new ToolOutcome(Cap(run.Stdout, run.Truncated), false, $"search_code {pattern} -> {run.Stdout.Count(c => c == '\n')} lines"),
            1 => new ToolOutcome("no matches", false, $"search_code {pattern} -> no matches"),
            _ => Error($"search failed: {run.Stderr.Trim()}", $"search_code {pattern} -> exit {run.ExitCode}"),
        };
    }

    private Task<ExecOutcome> ExecAsync(IReadOnlyList<string> argv, CancellationToken ct) =>
        session.ExecAsync(argv, new ExecLimits(commandTimeout, OutputCapBytes * 4), ct);

    private ToolOutcome TimedOut(string what) =>
        Error($"the command was killed after {commandTimeout.TotalSeconds:0} s (the per-command time limit)", what + " -> timed out");

    private static ToolOutcome Error(string text, string summary) => new("error: " + text, true, summary);

    private static ToolOutcome Missing(string tool, string argument) =>
        Error($"{tool} needs a string argument '{argument}'; send e.g. {Example(tool)}", $"{tool}: missing {argument}");

    private static string? Required(JsonObject args, string tool, string name) => Text(args, name) is { Length: > 0 } s ? s : null;

    private static string? Text(JsonObject args, string name) =>
        args[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string Example(string tool) => tool switch
    {
        "read_file" => """{"path": "main.py"}""",
        "write_file" => """{"path": "main.py", "content": "print(1)\n"}""",
        "run_command" => """{"command": "ls -la"}""",
        _ => """{"pattern": "def main", "path": "."}""",
    };

    /// <summary>Cuts to <see cref="OutputCapBytes"/> on a character boundary and says how much was shown.</summary>
    internal static string Cap(string text, bool alreadyCut = false)
    {
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes <= OutputCapBytes && !alreadyCut) return text;
        var shown = Trajectories.TrajectoryBuilder.Truncate(text, OutputCapBytes);
        var total = alreadyCut ? "more than " + bytes.ToString(CultureInfo.InvariantCulture) : bytes.ToString(CultureInfo.InvariantCulture);
        return shown + $"\n[output cut: {Encoding.UTF8.GetByteCount(shown)} of {total} bytes shown]";
    }

    private static string FirstLine(string command)
    {
        var line = command.Split('\n')[0];
        return line.Length > 80 ? line[..80] + "..." : line;
    }

    private static JsonObject Tool(string name, string description, params (string Name, string Type, string Description, bool Required)[] parameters)
    {
        var properties = new JsonObject();
        foreach (var p in parameters) properties[p.Name] = new JsonObject { ["type"] = p.Type, ["description"] = p.Description };
        return new JsonObject
        {
            ["type"] = "function",
            ["function"] = new JsonObject
            {
                ["name"] = name,
                ["description"] = description,
                ["parameters"] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = properties,
                    ["required"] = new JsonArray([.. parameters.Where(p => p.Required).Select(p => (JsonNode)p.Name)]),
                },
            },
        };
    }
}
