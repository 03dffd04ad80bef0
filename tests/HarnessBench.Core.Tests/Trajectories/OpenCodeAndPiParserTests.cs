using HarnessBench.Core.Trajectories;
using static HarnessBench.Core.Tests.Trajectories.TrajectoryFixtures;

namespace HarnessBench.Core.Tests.Trajectories;

public sealed class OpenCodeAndPiParserTests
{
    [Fact]
    public void OpenCode_shell_capture_yields_bash_call_result_text_and_step_tokens()
    {
        var result = Parse(TrajectoryParsers.OpenCodeJson, "opencode.shell-tool.jsonl");

        Assert.Empty(result.Warnings);
        AssertStepsAreSequential(result);
        Assert.Equal(
            ["Model:ToolCall:bash", "Tool:ToolResult:bash", "Model:Usage", "Model:Message", "Model:Usage"],
            Shape(result));
        var call = result.Events[0];
        Assert.Equal("call_8f1712a9768744b0a2d24e25", call.ToolCallId);
        Assert.Equal("echo 42 > answer.txt", Arg(call, "command"));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795334434294), call.Timestamp);
        Assert.Equal("ses_dfdba9bd9ffes924pk5Sh2wkBD", call.SessionId);
        Assert.Null(call.ParentId);
        var output = result.Events[1];
        Assert.Equal(call.ToolCallId, output.ToolCallId);
        Assert.Equal("(no output)", output.Text);
        Assert.False(output.IsError);
        Assert.Equal(new TokenCounts { Input = 7774, Output = 13, Reasoning = 0, CacheRead = 0, CacheWrite = 0 }, result.Events[2].Tokens);
        Assert.Equal("done", result.Events[3].Text);

        var summary = TrajectorySummary.From(result.Events);
        Assert.Equal(2, summary.Turns);
        Assert.Equal(7774 + 7847, summary.Tokens.Input);
        Assert.Equal(13 + 1, summary.Tokens.Output);
        Assert.Equal("done", summary.FinalText);
    }

    [Fact]
    public void OpenCode_write_capture_yields_write_with_filePath_and_content()
    {
        var result = Parse(TrajectoryParsers.OpenCodeJson, "opencode.write-tool.jsonl");

        Assert.Empty(result.Warnings);
        var call = Single(result, TrajectoryEventKind.ToolCall);
        Assert.Equal("write", call.ToolName);
        Assert.Equal("/workspace/answer.txt", Arg(call, "filePath"));
        Assert.Equal("42\n", Arg(call, "content"));
        Assert.Equal(["42\n", "/workspace/answer.txt"], call.ArgumentStrings);
        Assert.Equal("Wrote file successfully.", Single(result, TrajectoryEventKind.ToolResult).Text);
        var summary = TrajectorySummary.From(result.Events);
        Assert.Equal(15630, summary.Tokens.Input);
        Assert.Equal(20, summary.Tokens.Output);
    }

    [Fact]
    public void OpenCode_errors_failed_tools_and_child_sessions_are_kept()
    {
        const string log = """
            {"type":"tool_use","timestamp":1,"sessionID":"ses_root","part":{"type":"tool","tool":"task","callID":"c1","state":{"status":"completed","input":{"prompt":"explore"},"output":"ok"}}}
            {"type":"tool_use","timestamp":2,"sessionID":"ses_child","part":{"type":"tool","tool":"read","callID":"c2","state":{"status":"error","input":{"filePath":"/grader/test.sh"},"error":"File not found"}}}
            {"type":"reasoning","timestamp":3,"sessionID":"ses_root","part":{"type":"reasoning","text":"thinking"}}
            {"type":"error","timestamp":4,"sessionID":"ses_root","error":{"name":"APIError","data":{"message":"upstream 500"}}}
            """;

        var result = Parser(TrajectoryParsers.OpenCodeJson).ParseText(log);

        Assert.Empty(result.Warnings);
        var failed = Assert.Single(result.Events, e => e.Kind == TrajectoryEventKind.ToolResult && e.IsError == true);
        Assert.Equal("File not found", failed.Text);
        Assert.Equal("ses_root", failed.ParentId);
        Assert.Equal("upstream 500", Single(result, TrajectoryEventKind.Error).Text);
        Assert.Equal("thinking", Single(result, TrajectoryEventKind.Reasoning).Text);
    }

    [Fact]
    public void Pi_shell_capture_yields_one_bash_call_despite_the_streamed_duplicates()
    {
        var result = Parse(TrajectoryParsers.PiJson, "pi.shell-tool.jsonl");

        Assert.Empty(result.Warnings);
        AssertStepsAreSequential(result);
        Assert.Equal(
            [
                "Harness:SessionStart", "Harness:Message", "Model:ToolCall:bash", "Model:Usage",
                "Tool:ToolResult:bash", "Model:Message", "Model:Usage", "Harness:SessionEnd",
            ],
            Shape(result));
        Assert.Equal("01a20241-9fd5-7036-b289-4b707437f6bb", result.Events[0].SessionId);
        Assert.Equal("Create a file answer.txt containing 42 in the current directory.", result.Events[1].Text);
        var call = result.Events[2];
        Assert.Equal("call_0012e95a95e445e1bf88089c", call.ToolCallId);
        Assert.Equal("echo 42 > answer.txt", Arg(call, "command"));
        Assert.Equal("mock-model", call.Model);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795334184991), call.Timestamp);
        var output = result.Events[4];
        Assert.Equal(call.ToolCallId, output.ToolCallId);
        Assert.Equal("(no output)", output.Text);
        Assert.False(output.IsError);
        Assert.Equal("done", result.Events[5].Text);

        var summary = TrajectorySummary.From(result.Events);
        Assert.Equal(1, summary.ToolCalls);
        Assert.Equal(2, summary.Turns);
        Assert.Equal(1432 + 1505, summary.Tokens.Input);
        Assert.Equal(13 + 1, summary.Tokens.Output);
        Assert.Equal("done", summary.FinalText);
    }

    [Fact]
    public void Pi_write_capture_yields_write_with_path_and_content()
    {
        var result = Parse(TrajectoryParsers.PiJson, "pi.write-tool.jsonl");

        Assert.Empty(result.Warnings);
        var call = Single(result, TrajectoryEventKind.ToolCall);
        Assert.Equal("write", call.ToolName);
        Assert.Equal("/workspace/answer.txt", Arg(call, "path"));
        Assert.Equal("42\n", Arg(call, "content"));
        var output = Single(result, TrajectoryEventKind.ToolResult);
        Assert.Equal("Successfully wrote 3 bytes to /workspace/answer.txt", output.Text);
        var summary = TrajectorySummary.From(result.Events);
        Assert.Equal(1432 + 1521, summary.Tokens.Input);
        Assert.Equal(18 + 1, summary.Tokens.Output);
    }

    [Fact]
    public void Pi_tool_execution_without_a_preceding_message_still_counts_once()
    {
        const string log = """
            {"type":"tool_execution_start","toolCallId":"t1","toolName":"read","args":{"path":"/tests/test.sh"}}
            {"type":"tool_execution_end","toolCallId":"t1","toolName":"read","result":{"content":[{"type":"text","text":"secret"}]},"isError":true}
            {"type":"message_end","message":{"role":"toolResult","toolCallId":"t1","toolName":"read","content":[{"type":"text","text":"secret"}],"isError":true}}
            {"type":"message_end","message":{"role":"assistant","content":[],"stopReason":"error","errorMessage":"connection refused"}}
            """;

        var result = Parser(TrajectoryParsers.PiJson).ParseText(log);

        Assert.Empty(result.Warnings);
        Assert.Equal(["Model:ToolCall:read", "Tool:ToolResult:read", "Harness:Error"], Shape(result));
        Assert.True(result.Events[1].IsError);
        Assert.Equal("connection refused", result.Events[2].Text);
    }
}
