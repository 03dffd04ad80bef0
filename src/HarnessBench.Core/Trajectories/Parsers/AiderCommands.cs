using System.Text.Json;

namespace HarnessBench.Core.Trajectories.Parsers;

/// <summary>
/// The user's <c>#### </c> input: a prompt, or a slash command. <c>/add</c> and <c>/read-only</c>
/// put files into the model's context (tool <c>add</c>/<c>read-only</c>, argument <c>paths</c>);
/// <c>/run</c> and <c>!</c> run a shell command (tool <c>run</c>, argument <c>command</c>).
/// </summary>
internal static class AiderCommands
{
    public static void User(TrajectoryBuilder builder, string text, int line)
    {
        var harness = new TrajectoryEvent
        {
            Actor = TrajectoryActor.Harness,
            Kind = TrajectoryEventKind.Message,
            Line = line,
        };
        var trimmed = text.Trim();
        if (trimmed.StartsWith('!'))
        {
            Call(builder, harness, "run", new Dictionary<string, object> { ["command"] = trimmed[1..].Trim() });
            return;
        }
        if (!trimmed.StartsWith('/') || trimmed.Length < 2 || char.IsWhiteSpace(trimmed[1]))
        {
            builder.Add(harness with { Text = text });
            return;
        }
        var space = trimmed.IndexOfAny([' ', '\n']);
        var command = (space < 0 ? trimmed[1..] : trimmed[1..space]).ToLowerInvariant();
        var rest = space < 0 ? "" : trimmed[(space + 1)..].Trim();
        var arguments = command switch
        {
            "add" or "read-only" or "drop" => new Dictionary<string, object>
            {
                ["paths"] = rest.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries),
            },
            "run" or "test" or "lint" => new Dictionary<string, object> { ["command"] = rest },
            _ => new Dictionary<string, object> { ["args"] = rest },
        };
        Call(builder, harness, command, arguments);
    }

    public static void Call(TrajectoryBuilder builder, TrajectoryEvent at, string tool, Dictionary<string, object> arguments) =>
        builder.AddCall(
            at with { Kind = TrajectoryEventKind.ToolCall, ToolName = tool },
            JsonSerializer.SerializeToElement(arguments));
}
