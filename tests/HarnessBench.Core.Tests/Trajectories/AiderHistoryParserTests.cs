using HarnessBench.Core.Trajectories;
using static HarnessBench.Core.Tests.Trajectories.TrajectoryFixtures;

namespace HarnessBench.Core.Tests.Trajectories;

/// <summary>On hand-written fixtures (see Fixtures/README.md): no real Aider capture exists yet.</summary>
public sealed class AiderHistoryParserTests
{
    [Fact]
    public void Whole_format_reply_becomes_a_whole_edit_of_answer_txt()
    {
        var result = Parse(TrajectoryParsers.AiderHistory, "aider.whole.history.md");

        Assert.Empty(result.Warnings);
        AssertStepsAreSequential(result);
        Assert.Equal(
            [
                "Harness:SessionStart", "Tool:ToolResult:aider", "Harness:Message", "Model:Message",
                "Model:ToolCall:whole_edit", "Model:Usage", "Tool:ToolResult:aider",
            ],
            Shape(result));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero), result.Events[0].Timestamp);
        Assert.Contains("Model: openai/mock-model with whole edit format", result.Events[1].Text, StringComparison.Ordinal);
        Assert.Equal("Create a file answer.txt containing 42 in the current directory.", result.Events[2].Text);
        var edit = result.Events[4];
        Assert.Equal("answer.txt", Arg(edit, "path"));
        Assert.Equal("42\n", Arg(edit, "content"));
        Assert.Equal(14, edit.Line); // the "answer.txt" line above the fence
        Assert.Equal(new TokenCounts { Input = 612, Output = 23 }, result.Events[5].Tokens);
        Assert.EndsWith("Applied edit to answer.txt", result.Events[6].Text, StringComparison.Ordinal);
        Assert.False(result.Events[6].IsError);

        var summary = TrajectorySummary.From(result.Events);
        Assert.Equal(1, summary.ToolCallsByTool["whole_edit"]);
        Assert.Equal(1, summary.Turns);
        Assert.StartsWith("I will create answer.txt", summary.FinalText, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_format_session_yields_adds_search_replace_declined_run_and_a_second_session()
    {
        var result = Parse(TrajectoryParsers.AiderHistory, "aider.diff.history.md");

        Assert.Empty(result.Warnings);
        Assert.Equal(
            [
                "Harness:SessionStart", "Tool:ToolResult:aider", "Harness:ToolCall:add", "Tool:ToolResult:aider",
                "Harness:Message", "Model:Message", "Model:Usage", "Harness:ToolCall:add",
                "Model:Message", "Model:ToolCall:search_replace", "Model:Usage", "Tool:ToolResult:aider",
                "Harness:Message",
                "Harness:SessionStart", "Tool:ToolResult:aider", "Harness:ToolCall:run", "Tool:ToolResult:aider",
            ],
            Shape(result));
        Assert.Equal(["calc.py"], result.Events[2].ArgumentStrings);
        Assert.Equal("Fix the bug in add() so that the tests pass.", result.Events[4].Text);
        Assert.Equal(new TokenCounts { Input = 1100, Output = 24 }, result.Events[6].Tokens);
        Assert.Equal(["../tests/test.sh"], result.Events[7].ArgumentStrings);

        var edit = result.Events[9];
        Assert.Equal("calc.py", Arg(edit, "path"));
        Assert.Equal("def add(a, b):\n    return a - b\n", Arg(edit, "search"));
        Assert.Equal("def add(a, b):\n    return a + b\n", Arg(edit, "replace"));
        Assert.Equal(new TokenCounts { Input = 2300, Output = 58, CacheWrite = 1000 }, result.Events[10].Tokens);
        Assert.Equal("Applied edit to calc.py", result.Events[11].Text);
        Assert.StartsWith("python -m pytest -q\nRun shell command?", result.Events[12].Text, StringComparison.Ordinal);

        Assert.Equal("cat ../tests/test.sh", Arg(result.Events[15], "command"));
        Assert.Equal("#!/bin/sh\npytest -q tests/", result.Events[16].Text);

        var summary = TrajectorySummary.From(result.Events);
        Assert.Equal(2, summary.ToolCallsByTool["add"]);
        Assert.Equal(1, summary.ToolCallsByTool["search_replace"]);
        Assert.Equal(1, summary.ToolCallsByTool["run"]);
        Assert.Equal(3400, summary.Tokens.Input);
        Assert.Equal(2, summary.Turns);
    }

    [Fact]
    public void Markdown_inside_code_fences_is_reply_content_not_aider_output()
    {
        const string history = """
            #### write the script

            run.sh
            ```
            # not a user line
            #### not a user line either
            > not aider output
            ```

            > Applied edit to run.sh
            """;

        var result = Parser(TrajectoryParsers.AiderHistory).ParseText(history);

        Assert.Empty(result.Warnings);
        var edit = Single(result, TrajectoryEventKind.ToolCall);
        Assert.Equal("# not a user line\n#### not a user line either\n> not aider output\n", Arg(edit, "content"));
        Assert.Equal(["Harness:Message", "Model:Message", "Model:ToolCall:whole_edit", "Tool:ToolResult:aider"], Shape(result));
    }

    [Fact]
    public void An_unclosed_fence_is_a_warning_and_does_not_become_an_edit()
    {
        var result = Parser(TrajectoryParsers.AiderHistory).ParseText("#### hi\n\nanswer.txt\n```\n42\n");

        Assert.Single(result.Warnings);
        Assert.DoesNotContain(result.Events, e => e.Kind == TrajectoryEventKind.ToolCall);
        var reply = Assert.Single(result.Events, e => e.Actor == TrajectoryActor.Model);
        Assert.Equal("answer.txt\n```\n42", reply.Text);
    }
}
