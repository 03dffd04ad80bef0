using HarnessBench.Core.Trajectories;
using static HarnessBench.Core.Tests.Trajectories.TrajectoryFixtures;

namespace HarnessBench.Core.Tests.Trajectories;

public sealed class StreamJsonParserTests
{
    [Fact]
    public void Claude_shell_capture_yields_the_bash_call_its_result_and_the_totals()
    {
        var result = Parse(TrajectoryParsers.ClaudeStreamJson, "claude.shell-tool.jsonl");

        Assert.Empty(result.Warnings);
        AssertStepsAreSequential(result);
        Assert.Equal(
            [
                "Harness:SessionStart", "Model:Message", "Model:Usage", "Model:ToolCall:Bash",
                "Tool:ToolResult:Bash", "Model:Message", "Model:Usage", "Harness:SessionEnd",
            ],
            Shape(result));
        var start = result.Events[0];
        Assert.Equal("2.1.330", start.Version);
        Assert.Equal("mock-model", start.Model);
        Assert.Equal("5e73d758-a24a-44f8-9b09-51d7ebbf43b2", start.SessionId);
        Assert.Equal(22, start.Tools!.Count);
        Assert.Contains("Bash", start.Tools);
        Assert.Equal("Writing answer.txt.", result.Events[1].Text);
        Assert.Equal(DateTimeOffset.Parse("2026-11-22T07:56:06.357Z"), result.Events[1].Timestamp);

        var call = Single(result, TrajectoryEventKind.ToolCall);
        Assert.Equal("toolu_f3e7159e3b7b43babf777d04", call.ToolCallId);
        Assert.Equal("echo 42 > answer.txt", Arg(call, "command"));
        Assert.Equal(["echo 42 > answer.txt", "Write 42 to answer.txt"], call.ArgumentStrings);
        Assert.Null(call.ParentId);

        var output = Single(result, TrajectoryEventKind.ToolResult);
        Assert.Equal(call.ToolCallId, output.ToolCallId);
        Assert.Equal("(Bash completed with no output)", output.Text);
        Assert.False(output.IsError);

        Assert.Equal(12430, result.Events[2].Tokens!.Input);
        Assert.Equal(12528, result.Events[6].Tokens!.Input);
        var end = Single(result, TrajectoryEventKind.SessionEnd);
        Assert.Equal("done", end.Text);
        Assert.False(end.IsError);
        Assert.Equal(0.100432, end.CostUsd);
        Assert.Equal(303, end.DurationMs);
        Assert.Equal(new TokenCounts { Input = 24958, Output = 30, CacheRead = 0, CacheWrite = 0, Reasoning = 0 }, end.Tokens);
    }

    [Fact]
    public void Claude_write_capture_yields_the_write_call_with_path_and_content()
    {
        var result = Parse(TrajectoryParsers.ClaudeStreamJson, "claude.write-tool.jsonl");

        Assert.Empty(result.Warnings);
        var call = Single(result, TrajectoryEventKind.ToolCall);
        Assert.Equal("Write", call.ToolName);
        Assert.Equal("/workspace/answer.txt", Arg(call, "file_path"));
        Assert.Equal("42\n", Arg(call, "content"));
        Assert.Equal(["/workspace/answer.txt", "42\n"], call.ArgumentStrings);
        var output = Single(result, TrajectoryEventKind.ToolResult);
        Assert.Equal("toolu_dcbfd822ed0a4d59b1c9a006", output.ToolCallId);
        Assert.StartsWith("File created successfully at: /workspace/answer.txt", output.Text, StringComparison.Ordinal);
        Assert.False(output.IsError);

        var summary = TrajectorySummary.From(result.Events);
        Assert.Equal(1, summary.ToolCalls);
        Assert.Equal(1, summary.ToolCallsByTool["Write"]);
        Assert.Equal(2, summary.Turns);
        Assert.Equal(24972, summary.Tokens.Input);
        Assert.Equal(25, summary.Tokens.Output);
        Assert.Equal("done", summary.FinalText);
        Assert.Equal(0, summary.Errors + summary.ToolErrors);
    }

    [Fact]
    public void Qwen_shell_capture_yields_run_shell_command_and_its_output()
    {
        var result = Parse(TrajectoryParsers.QwenStreamJson, "qwen.shell-tool.jsonl");

        Assert.Empty(result.Warnings);
        Assert.Equal(
            [
                "Harness:SessionStart", "Model:ToolCall:run_shell_command", "Model:Usage",
                "Tool:ToolResult:run_shell_command", "Model:Message", "Model:Usage", "Harness:SessionEnd",
            ],
            Shape(result));
        Assert.Equal("0.24.4", result.Events[0].Version);
        Assert.Contains("run_shell_command", result.Events[0].Tools!);
        Assert.All(result.Events, e => Assert.Null(e.Timestamp));

        var call = Single(result, TrajectoryEventKind.ToolCall);
        Assert.Equal("call_87bdd67d73b343a8bd624f93", call.ToolCallId);
        Assert.Equal("echo 42 > answer.txt", Arg(call, "command"));
        Assert.Equal(17952, result.Events[2].Tokens!.Input);
        Assert.Equal(24, result.Events[2].Tokens!.Output);
        var output = Single(result, TrajectoryEventKind.ToolResult);
        Assert.StartsWith("Command: echo 42 > answer.txt\nDirectory: (root)\nOutput: (empty)", output.Text, StringComparison.Ordinal);
        Assert.Contains("Exit Code: 0", output.Text, StringComparison.Ordinal);

        var summary = TrajectorySummary.From(result.Events);
        Assert.Equal(2, summary.Turns);
        Assert.Equal(36031, summary.Tokens.Input);
        Assert.Equal(25, summary.Tokens.Output);
        Assert.Equal("done", summary.FinalText);
    }

    [Fact]
    public void Qwen_write_capture_yields_write_file_with_path_and_content()
    {
        var result = Parse(TrajectoryParsers.QwenStreamJson, "qwen.write-tool.jsonl");

        Assert.Empty(result.Warnings);
        var call = Single(result, TrajectoryEventKind.ToolCall);
        Assert.Equal("write_file", call.ToolName);
        Assert.Equal("/workspace/answer.txt", Arg(call, "file_path"));
        Assert.Equal("42\n", Arg(call, "content"));
        var output = Single(result, TrajectoryEventKind.ToolResult);
        Assert.Equal("Successfully created and wrote to new file: /workspace/answer.txt.", output.Text);
        var end = Single(result, TrajectoryEventKind.SessionEnd);
        Assert.Equal(new TokenCounts { Input = 36006, Output = 20, CacheRead = 0 }, end.Tokens);
        Assert.Equal(602, end.DurationMs);
    }

    [Fact]
    public void Subagent_events_carry_the_parent_tool_use_id_and_results_can_be_part_arrays()
    {
        const string log = """
            {"type":"assistant","message":{"id":"m1","model":"x","content":[{"type":"tool_use","id":"toolu_task","name":"Task","input":{"prompt":"look around","subagent_type":"Explore"}}]},"parent_tool_use_id":null}
            {"type":"user","message":{"role":"user","content":"look around"},"parent_tool_use_id":"toolu_task"}
            {"type":"assistant","message":{"id":"m2","content":[{"type":"thinking","thinking":"hmm"},{"type":"tool_use","id":"toolu_sub","name":"Read","input":{"file_path":"/tests/test.sh"}}]},"parent_tool_use_id":"toolu_task"}
            {"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_sub","is_error":true,"content":[{"type":"text","text":"line1"},{"type":"text","text":"line2"}]}]},"parent_tool_use_id":"toolu_task"}
            {"type":"system","subtype":"api_retry","attempt":1,"error":"overloaded"}
            """;

        var result = TrajectoryParsers.ForFormat(TrajectoryParsers.ClaudeStreamJson)!.ParseText(log);

        Assert.Empty(result.Warnings);
        var read = Assert.Single(result.Events, e => e.ToolName == "Read" && e.Kind == TrajectoryEventKind.ToolCall);
        Assert.Equal("toolu_task", read.ParentId);
        Assert.Equal(["/tests/test.sh"], read.ArgumentStrings);
        var output = Assert.Single(result.Events, e => e.Kind == TrajectoryEventKind.ToolResult);
        Assert.Equal("line1\nline2", output.Text);
        Assert.True(output.IsError);
        Assert.Equal("Read", output.ToolName);
        Assert.Equal("toolu_task", output.ParentId);
        Assert.Equal("hmm", Single(result, TrajectoryEventKind.Reasoning).Text);
        Assert.Contains("overloaded", Single(result, TrajectoryEventKind.Error).Text, StringComparison.Ordinal);
        var summary = TrajectorySummary.From(result.Events);
        Assert.Equal(1, summary.ToolErrors);
        Assert.Equal(1, summary.Errors);
    }
}
