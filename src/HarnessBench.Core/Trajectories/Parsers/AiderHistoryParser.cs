using System.Globalization;

namespace HarnessBench.Core.Trajectories.Parsers;

/// <summary>
/// Aider's <c>.aider.chat.history.md</c>: <c># aider chat started at ...</c> opens a session,
/// <c>#### </c> lines are the user's input (slash commands such as <c>/add</c> included),
/// <c>&gt; </c> lines are Aider's own output (confirmations, "Applied edit", token counts), and
/// everything else is the model's reply, whose edit blocks (whole-file or SEARCH/REPLACE) are the
/// "tool calls". Aider has no real tool calls, so this is a best-effort reading of a markdown log.
/// </summary>
internal sealed class AiderHistoryParser(int textCapBytes) : ITrajectoryParser
{
    private const string StartPrefix = "# aider chat started at ";

    public string FormatId => TrajectoryParsers.AiderHistory;

    public TrajectoryParseResult Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var builder = new TrajectoryBuilder(textCapBytes);
        var quotes = new AiderQuotes(builder);
        var block = new List<string>();
        var blockKind = BlockKind.None;
        var blockLine = 0;
        var inFence = false;
        var number = 0;

        void Flush()
        {
            switch (blockKind)
            {
                case BlockKind.User:
                    AiderCommands.User(builder, string.Join('\n', block), blockLine);
                    break;
                case BlockKind.Quote:
                    quotes.Block(block, blockLine);
                    break;
                case BlockKind.Model:
                    Model(builder, block, blockLine);
                    break;
                default:
                    break;
            }
            block.Clear();
            blockKind = BlockKind.None;
        }

        foreach (var raw in lines)
        {
            number++;
            var line = raw.TrimEnd('\r');
            var kind = inFence ? BlockKind.Model : Classify(line);
            if (kind == BlockKind.Start)
            {
                Flush();
                builder.Add(new TrajectoryEvent
                {
                    Actor = TrajectoryActor.Harness,
                    Kind = TrajectoryEventKind.SessionStart,
                    Line = number,
                    Timestamp = StartTime(line[StartPrefix.Length..]),
                });
                continue;
            }
            if (kind == BlockKind.None)
            {
                // A blank line ends user and quote blocks; inside a model reply it is content.
                if (blockKind == BlockKind.Model)
                {
                    block.Add(line);
                }
                else
                {
                    Flush();
                }
                continue;
            }
            if (kind != blockKind)
            {
                Flush();
                blockKind = kind;
                blockLine = number;
            }
            block.Add(kind switch
            {
                BlockKind.User => line.Length > 5 ? line[5..].TrimEnd() : "",
                BlockKind.Quote => line.Length > 2 ? line[2..].TrimEnd() : "",
                _ => line,
            });
            if (kind == BlockKind.Model && line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }
        }
        Flush();
        if (inFence)
        {
            builder.Warn(number, "the log ends inside an unclosed ``` fence");
        }
        return builder.Build();
    }

    private static BlockKind Classify(string line)
    {
        if (line.StartsWith(StartPrefix, StringComparison.Ordinal))
        {
            return BlockKind.Start;
        }
        if (line.StartsWith("#### ", StringComparison.Ordinal) || line == "####")
        {
            return BlockKind.User;
        }
        if (line.StartsWith("> ", StringComparison.Ordinal) || line.TrimEnd() == ">")
        {
            return BlockKind.Quote;
        }
        return string.IsNullOrWhiteSpace(line) ? BlockKind.None : BlockKind.Model;
    }

    private static void Model(TrajectoryBuilder builder, List<string> block, int line)
    {
        var text = string.Join('\n', block).Trim();
        if (text.Length == 0)
        {
            return;
        }
        builder.Add(new TrajectoryEvent
        {
            Actor = TrajectoryActor.Model,
            Kind = TrajectoryEventKind.Message,
            Line = line,
            Text = text,
        });
        foreach (var edit in AiderEdits.Find(block))
        {
            builder.AddCall(
                new TrajectoryEvent
                {
                    Actor = TrajectoryActor.Model,
                    Kind = TrajectoryEventKind.ToolCall,
                    Line = line + edit.Offset,
                    ToolName = edit.Tool,
                },
                edit.Arguments);
        }
    }

    private static DateTimeOffset? StartTime(string text) =>
        DateTimeOffset.TryParseExact(
            text.Trim(), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : null;

    private enum BlockKind
    {
        None,
        Start,
        User,
        Quote,
        Model,
    }
}
