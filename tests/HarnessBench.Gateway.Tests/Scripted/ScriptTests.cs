using System.Text.Json;
using HarnessBench.Gateway.Http;
using HarnessBench.Gateway.Scripted;
using HarnessBench.Gateway.Sessions;

namespace HarnessBench.Gateway.Tests.Scripted;

public sealed class ScriptTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Shipped_scripts_parse_and_plan()
    {
        string folder = Path.Combine(RepoRoot.Find(), "harnesses", "scripted");
        string[] names = [.. Directory.GetFiles(folder, "*.yaml").Select(Path.GetFileName).Order()!];
        // Every shipped script must plan; these are the ones asserted on below.
        Assert.Subset(names.ToHashSet(), new HashSet<string> { "flaky.yaml", "nop.yaml", "oracle.yaml", "peeker.yaml", "single-shot-oracle.yaml" });
        _dir.Write("solution/sol.py", "print(1)\n");
        var cell = new CellContext("t1", "prompt", _dir.Combine("solution"), null, _dir.Path);
        foreach (string name in names)
        {
            ScriptPlan plan = ScriptPlan.Create(Script.Load(Path.Combine(folder, name)), cell);
            Assert.False(string.IsNullOrEmpty(plan.FinalText));
        }

        ScriptPlan oracle = ScriptPlan.Create(Script.Load(Path.Combine(folder, "oracle.yaml")), cell);
        ScriptTurn write = Assert.Single(oracle.Turns);
        Assert.Equal(new ScriptAction(StepKind.Write, Path: "/workspace/sol.py", Content: "print(1)\n"), write.Action);
        Assert.Contains("t1", write.Say, StringComparison.Ordinal);
        Assert.Equal("done", oracle.FinalText);

        ScriptPlan nop = ScriptPlan.Create(Script.Load(Path.Combine(folder, "nop.yaml")), cell);
        Assert.Empty(nop.Turns);

        ScriptPlan flaky = ScriptPlan.Create(Script.Load(Path.Combine(folder, "flaky.yaml")), cell);
        Assert.Equal(500, flaky.Turns[1].Action!.Status);

        ScriptPlan peeker = ScriptPlan.Create(Script.Load(Path.Combine(folder, "peeker.yaml")), cell);
        Assert.Equal("/workspace/../tests/test.sh", peeker.Turns[0].Action!.Path);
        Assert.Equal("/tests/test.sh", peeker.Turns[1].Action!.Path);

        // Single-shot: no tool turn, the reply is prose and then the only solution file, unfenced.
        ScriptPlan singleShot = ScriptPlan.Create(Script.Load(Path.Combine(folder, "single-shot-oracle.yaml")), cell);
        Assert.Empty(singleShot.Turns);
        Assert.Equal("Here is the complete module you asked for:\n\nprint(1)\n", singleShot.FinalText);
    }

    [Fact]
    public void Solution_file_templates_expand_to_file_text_or_say_why_not()
    {
        _dir.Write("solution/a.py", "A = 1\n");
        var one = new CellContext("t1", "prompt", _dir.Combine("solution"), null, _dir.Path);
        Assert.Equal("x\nA = 1\n", ScriptPlan.Create(Script.Parse("- say: \"x\\n{{solution_file}}\"\n"), one).FinalText);

        _dir.Write("solution/b.py", "B = 2\n");
        Assert.Equal("B = 2\n", ScriptPlan.Create(Script.Parse("- say: \"{{solution_file:b.py}}\"\n"), one).FinalText);
        Assert.Contains("needs exactly one file in solution/, found 2", ScriptPlan.Create(Script.Parse("- say: \"{{solution_file}}\"\n"), one).FinalText, StringComparison.Ordinal);
        Assert.Equal("(scripted model: no solution/../secret)", ScriptPlan.Create(Script.Parse("- say: \"{{solution_file:../secret}}\"\n"), one).FinalText);
    }

    [Fact]
    public void A_no_tools_request_gets_the_unfenced_answer_as_text()
    {
        _dir.Write("solution/a.py", "A = 1\n");
        var cell = new CellContext("t1", "prompt", _dir.Combine("solution"), null, _dir.Path);
        ScriptPlan plan = ScriptPlan.Create(Script.Parse("- say: \"{{solution_file}}\"\n"), cell);

        ScriptReply reply = ScriptReply.For(plan.TurnAt(0), [], WireProtocol.OpenAi);

        Assert.Equal("A = 1\n", reply.Text);
        Assert.Null(reply.ToolCall);
    }

    [Fact]
    public void Solution_files_expand_to_one_write_per_file_and_keep_executables_executable()
    {
        _dir.Write("solution/src/lib.rs", "pub fn f() {}\n");
        string script = _dir.Write("solution/run.sh", "#!/bin/sh\necho hi\n");
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        var cell = new CellContext("t1", "prompt", _dir.Combine("solution"), null, _dir.Path);

        ScriptPlan plan = ScriptPlan.Create(Script.Parse("tokens_per_second: 25\nworkdir: /w\nsteps:\n  - write: \"{{solution_files}}\"\n"), cell);

        Assert.Equal(25, plan.TokensPerSecond);
        Assert.Equal(
            ["write /w/run.sh", "shell chmod +x '/w/run.sh'", "write /w/src/lib.rs"],
            plan.Turns.Select(t => t.Action!.Kind == StepKind.Write ? "write " + t.Action.Path : "shell " + t.Action.Command).ToArray());
    }

    [Fact]
    public void Templates_expand_task_fields()
    {
        var cell = new CellContext("py-x", "Make it work", null, null, _dir.Path);
        ScriptPlan plan = ScriptPlan.Create(Script.Parse("- shell: \"echo '{{task.id}}: {{task.prompt}}'\"\n- say: bye {{task.id}}\n"), cell);
        Assert.Equal("echo 'py-x: Make it work'", plan.Turns[0].Action!.Command);
        Assert.Equal("bye py-x", plan.FinalText);
    }

    [Theory]
    [InlineData("- dance: now\n", "unknown step 'dance'")]
    [InlineData("- fail: 200\n", "400-599")]
    [InlineData("shell: ls\n", "needs 'steps'")]
    [InlineData("- write: { content: x }\n", "write.path")]
    [InlineData("- shell: a: b\n", "not valid YAML")]
    public void Bad_scripts_are_refused_with_the_reason(string yaml, string expected)
    {
        var e = Assert.Throws<FormatException>(() => Script.Parse(yaml));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_without_a_write_tool_goes_through_the_shell_tool()
    {
        using var doc = JsonDocument.Parse("""{"tools":[{"type":"function","function":{"name":"bash","parameters":{"type":"object","properties":{"command":{"type":"string"}},"required":["command"]}}}]}""");
        var turn = new ScriptTurn(null, new ScriptAction(StepKind.Write, Path: "/workspace/a b.txt", Content: "it's\n"));

        ScriptReply reply = ScriptReply.For(turn, ToolCatalog.Offered(doc.RootElement), WireProtocol.OpenAi);

        Assert.Equal("bash", reply.ToolCall!.Name);
        string command = JsonDocument.Parse(reply.ToolCall.Arguments).RootElement.GetProperty("command").GetString()!;
        Assert.Contains(Convert.ToBase64String("it's\n"u8.ToArray()), command, StringComparison.Ordinal);
        Assert.Contains("base64 -d > '/workspace/a b.txt'", command, StringComparison.Ordinal);
    }

    [Fact]
    public void No_usable_tool_is_answered_with_text_instead_of_an_invalid_call()
    {
        using var doc = JsonDocument.Parse("""{"tools":[{"name":"WebSearch","input_schema":{"type":"object"}}]}""");
        ScriptReply reply = ScriptReply.For(new ScriptTurn(null, new ScriptAction(StepKind.Shell, Command: "ls")), ToolCatalog.Offered(doc.RootElement), WireProtocol.Anthropic);
        Assert.Null(reply.ToolCall);
        Assert.Contains("WebSearch", reply.Text, StringComparison.Ordinal);
    }
}
