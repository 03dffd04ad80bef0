using HarnessBench.Core.Trajectories.Parsers;

namespace HarnessBench.Core.Trajectories;

/// <summary>The parsers by log format id (the id a harness definition names as its log format).</summary>
public static class TrajectoryParsers
{
    public const string ClaudeStreamJson = "claude-stream-json";
    public const string QwenStreamJson = "qwen-stream-json";
    public const string OpenCodeJson = "opencode-json";
    public const string PiJson = "pi-json";
    public const string AiderHistory = "aider-history";

    /// <summary>Default cap on an event's text (tool output, model text): 16 KiB of UTF-8.</summary>
    public const int DefaultTextCapBytes = 16 * 1024;

    /// <summary>All known format ids.</summary>
    public static IReadOnlyList<string> FormatIds { get; } =
        [ClaudeStreamJson, QwenStreamJson, OpenCodeJson, PiJson, AiderHistory];

    /// <summary>The parser for <paramref name="formatId"/>, or null when the id is unknown.</summary>
    public static ITrajectoryParser? ForFormat(string formatId, int textCapBytes = DefaultTextCapBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(textCapBytes);
        return formatId switch
        {
            ClaudeStreamJson or QwenStreamJson => new StreamJsonParser(formatId, textCapBytes),
            OpenCodeJson => new OpenCodeJsonParser(textCapBytes),
            PiJson => new PiJsonParser(textCapBytes),
            AiderHistory => new AiderHistoryParser(textCapBytes),
            _ => null,
        };
    }

    /// <summary>Parses a whole log text (LF or CRLF line ends).</summary>
    public static TrajectoryParseResult ParseText(this ITrajectoryParser parser, string text)
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(text);
        return parser.Parse(SplitLines(text));
    }

    /// <summary>Parses a log read from <paramref name="reader"/> line by line.</summary>
    public static TrajectoryParseResult ParseReader(this ITrajectoryParser parser, TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(reader);
        return parser.Parse(ReadLines(reader));
    }

    private static IEnumerable<string> SplitLines(string text)
    {
        var lines = text.Split('\n');
        var count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        for (var i = 0; i < count; i++)
        {
            yield return lines[i].EndsWith('\r') ? lines[i][..^1] : lines[i];
        }
    }

    private static IEnumerable<string> ReadLines(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }
}
