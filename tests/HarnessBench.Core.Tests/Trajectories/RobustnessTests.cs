using HarnessBench.Core.Trajectories;
using static HarnessBench.Core.Tests.Trajectories.TrajectoryFixtures;

namespace HarnessBench.Core.Tests.Trajectories;

public sealed class RobustnessTests
{
    public static TheoryData<string, string> Captures => new()
    {
        { TrajectoryParsers.ClaudeStreamJson, "claude.shell-tool.jsonl" },
        { TrajectoryParsers.ClaudeStreamJson, "claude.write-tool.jsonl" },
        { TrajectoryParsers.QwenStreamJson, "qwen.shell-tool.jsonl" },
        { TrajectoryParsers.QwenStreamJson, "qwen.write-tool.jsonl" },
        { TrajectoryParsers.OpenCodeJson, "opencode.shell-tool.jsonl" },
        { TrajectoryParsers.OpenCodeJson, "opencode.write-tool.jsonl" },
        { TrajectoryParsers.PiJson, "pi.shell-tool.jsonl" },
        { TrajectoryParsers.PiJson, "pi.write-tool.jsonl" },
    };

    [Theory]
    [MemberData(nameof(Captures))]
    public void Malformed_truncated_and_unknown_lines_become_warnings_and_the_rest_still_parses(string format, string file)
    {
        var lines = Text(file).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        var clean = Parser(format).Parse(lines);
        var last = lines[^1];
        lines.Insert(1, "this is not json");
        lines.Insert(2, "[1,2,3]");
        lines.Insert(3, """{"type":"from_the_future","payload":{"x":1}}""");
        lines.Insert(4, "");
        lines.Add(last[..(last.Length / 2)]); // a log cut off mid-line (killed harness)

        var result = Parser(format).Parse(lines);

        Assert.Equal([2, 3, 4, lines.Count], result.Warnings.Select(w => w.Line));
        Assert.Contains("unknown event type 'from_the_future'", result.Warnings[2].Message, StringComparison.Ordinal);
        Assert.Equal(Shape(clean), Shape(result));
        Assert.Equal(
            TrajectorySummary.From(clean.Events).ToolCallsByTool,
            TrajectorySummary.From(result.Events).ToolCallsByTool);
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Every_event_round_trips_through_jsonl(string format, string file)
    {
        var events = Parse(format, file).Events;

        var jsonl = TrajectoryWriter.ToJsonl(events);
        var back = TrajectoryReader.FromJsonl(jsonl);

        Assert.Equal(events.Count, jsonl.Count(c => c == '\n'));
        Assert.Equal(jsonl, TrajectoryWriter.ToJsonl(back));
        Assert.Equal(TrajectorySummary.From(events).ToolCallsByTool, TrajectorySummary.From(back).ToolCallsByTool);
    }

    [Fact]
    public void Stored_lines_are_snake_case_with_a_schema_version_and_no_nulls()
    {
        var events = Parse(TrajectoryParsers.ClaudeStreamJson, "claude.shell-tool.jsonl").Events;

        var call = TrajectoryWriter.ToJsonl(events).Split('\n')[3];

        Assert.StartsWith("""{"v":1,"step":3,"line":3,"timestamp":"2026-11-22T07:56:06.361+00:00","actor":"model","kind":"tool_call","tool_name":"Bash","tool_call_id":"toolu_f3e7159e3b7b43babf777d04","arguments":{"command":"echo 42 \u003E answer.txt",""", call, StringComparison.Ordinal);
        Assert.Contains(""""argument_strings":["echo 42 \u003E answer.txt","Write 42 to answer.txt"]"""", call, StringComparison.Ordinal);
        Assert.DoesNotContain("null", call, StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_rejects_a_newer_schema_and_a_corrupt_line_with_its_number()
    {
        var newer = Assert.Throws<InvalidDataException>(() =>
            TrajectoryReader.FromJsonl("""{"v":99,"step":0,"actor":"model","kind":"message"}""" + "\n"));
        Assert.Contains("schema version 99", newer.Message, StringComparison.Ordinal);
        var corrupt = Assert.Throws<InvalidDataException>(() =>
            TrajectoryReader.FromJsonl("""{"v":1,"step":0,"actor":"model","kind":"message"}""" + "\n{oops\n"));
        Assert.Contains("line 2", corrupt.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_tool_output_is_capped_on_a_character_boundary_with_the_original_size()
    {
        var output = new string('x', 10) + string.Concat(Enumerable.Repeat("é", 100));
        var log = """{"type":"tool_use","part":{"tool":"bash","callID":"c","state":{"status":"completed","input":{},"output":""" +
            $"\"{output}\"" + "}}}";

        var result = TrajectoryParsers.ForFormat(TrajectoryParsers.OpenCodeJson, textCapBytes: 15)!.ParseText(log);

        var text = Single(result, TrajectoryEventKind.ToolResult);
        Assert.Equal(new string('x', 10) + "éé", text.Text); // 14 bytes: the third 'é' would split
        Assert.Equal(210, text.TextBytes);
        Assert.True(text.TextTruncated);
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Crlf_text_and_a_text_reader_parse_like_the_lf_text(string format, string file)
    {
        var lf = Parser(format).ParseText(Text(file));
        using var reader = new StringReader(Text(file));

        var crlf = Parser(format).ParseText(Text(file).Replace("\n", "\r\n", StringComparison.Ordinal));
        var streamed = Parser(format).ParseReader(reader);

        Assert.Empty(crlf.Warnings);
        Assert.Equal(TrajectoryWriter.ToJsonl(lf.Events), TrajectoryWriter.ToJsonl(crlf.Events));
        Assert.Equal(TrajectoryWriter.ToJsonl(lf.Events), TrajectoryWriter.ToJsonl(streamed.Events));
    }

    [Fact]
    public void Session_start_records_the_working_directory()
    {
        Assert.Equal("/workspace", Parse(TrajectoryParsers.ClaudeStreamJson, "claude.shell-tool.jsonl").Events[0].Text);
        Assert.Equal("/workspace", Parse(TrajectoryParsers.QwenStreamJson, "qwen.shell-tool.jsonl").Events[0].Text);
        Assert.Equal("/workspace", Parse(TrajectoryParsers.PiJson, "pi.shell-tool.jsonl").Events[0].Text);
    }

    [Fact]
    public void Registry_knows_every_format_and_nothing_else()
    {
        Assert.All(TrajectoryParsers.FormatIds, id => Assert.Equal(id, TrajectoryParsers.ForFormat(id)!.FormatId));
        Assert.Null(TrajectoryParsers.ForFormat("codex-json"));
    }

    [Fact]
    public void Wrongly_typed_fields_do_not_throw()
    {
        const string log = """
            {"type":"assistant","message":{"content":[{"type":"tool_use","id":5,"name":["x"],"input":"not an object"}],"usage":"many"}}
            {"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":null,"content":42,"is_error":"yes"}]}}
            {"type":"result","usage":[],"duration_ms":"long"}
            {"type":"assistant","message":"hello"}
            {"type":7}
            """;

        var result = Parser(TrajectoryParsers.ClaudeStreamJson).ParseText(log);

        Assert.Equal(["Model:ToolCall", "Tool:ToolResult", "Harness:SessionEnd"], Shape(result));
        Assert.Equal("42", result.Events[1].Text);
        Assert.Equal([4, 5], result.Warnings.Select(w => w.Line));
    }
}
