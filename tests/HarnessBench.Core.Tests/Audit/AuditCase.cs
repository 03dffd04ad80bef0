using System.Text.Json;
using HarnessBench.Core.Audit;
using HarnessBench.Core.Trajectories;

namespace HarnessBench.Core.Tests.Audit;

/// <summary>
/// One scanner case file (Fixtures/audit-cases/*.case): a header with the expected label and the
/// context, then one compact line per trajectory event (see the README there).
/// </summary>
internal sealed record AuditCase(string Name, AuditSeverity Expected, string? Detector, AuditContext Context, IReadOnlyList<TrajectoryEvent> Events)
{
    public const string DefaultCanary = "hbc-5f2e9a71c4d84b0e";

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures", "audit-cases");

    public static IEnumerable<string> Names() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.case").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    public static AuditCase Load(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(Directory, name + ".case"));
        AuditSeverity? expected = null;
        string? detector = null;
        var graders = new List<string>();
        var provided = new List<string>();
        var canary = DefaultCanary;
        var prompt = "";
        var workspace = "/workspace";
        var events = new List<TrajectoryEvent>();
        var callCount = 0;
        string? lastCallId = null;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            if (line.Length == 0)
            {
                continue;
            }
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var key = line[2..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                switch (key)
                {
                    case "expect": expected = Enum.Parse<AuditSeverity>(value, ignoreCase: true); break;
                    case "detector": detector = value; break;
                    case "grader": graders.Add(value); break;
                    case "provided": provided.Add(value); break;
                    case "canary": canary = value; break;
                    case "prompt": prompt = value; break;
                    case "workspace": workspace = value; break;
                    default: throw new InvalidDataException($"{name}: unknown header '{key}'");
                }
                continue;
            }
            string? parent = null;
            if (line.StartsWith('@'))
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                parent = line[1..space];
                line = line[(space + 1)..];
            }
            var verbEnd = line.IndexOf(' ', StringComparison.Ordinal);
            var verb = verbEnd < 0 ? line : line[..verbEnd];
            var rest = verbEnd < 0 ? "" : line[(verbEnd + 1)..];
            var e = verb switch
            {
                "cwd" => new TrajectoryEvent { Actor = TrajectoryActor.Harness, Kind = TrajectoryEventKind.SessionStart, Text = rest },
                "say" => new TrajectoryEvent { Actor = TrajectoryActor.Model, Kind = TrajectoryEventKind.Message, Text = Unescape(rest) },
                "think" => new TrajectoryEvent { Actor = TrajectoryActor.Model, Kind = TrajectoryEventKind.Reasoning, Text = Unescape(rest) },
                "user" => new TrajectoryEvent { Actor = TrajectoryActor.Harness, Kind = TrajectoryEventKind.Message, Text = Unescape(rest) },
                "call" => Call(rest, $"call_{++callCount}"),
                "result" => new TrajectoryEvent { Actor = TrajectoryActor.Tool, Kind = TrajectoryEventKind.ToolResult, ToolCallId = lastCallId, Text = Unescape(rest) },
                _ => throw new InvalidDataException($"{name}: unknown event '{verb}'"),
            };
            if (verb == "call")
            {
                lastCallId = e.ToolCallId;
            }
            events.Add(e with { Step = events.Count, ParentId = parent });
        }
        var context = new AuditContext(workspace, graders, canary, prompt, provided);
        return new AuditCase(name, expected ?? throw new InvalidDataException($"{name}: no '# expect:' header"), detector, context, events);
    }

    public static TrajectoryEvent Call(string rest, string id)
    {
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        var tool = space < 0 ? rest : rest[..space];
        var args = space < 0 ? JsonDocument.Parse("{}").RootElement : JsonDocument.Parse(rest[(space + 1)..]).RootElement.Clone();
        return new TrajectoryEvent
        {
            Actor = TrajectoryActor.Model,
            Kind = TrajectoryEventKind.ToolCall,
            ToolName = tool,
            ToolCallId = id,
            Arguments = args,
            ArgumentStrings = JsonLeaves.Strings(args),
        };
    }

    private static string Unescape(string text) => text.Replace("\\n", "\n", StringComparison.Ordinal);

    public override string ToString() => Name;
}
