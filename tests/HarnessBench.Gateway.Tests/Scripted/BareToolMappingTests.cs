using System.Text.Json;
using System.Text.Json.Nodes;
using HarnessBench.Core.Agents;
using HarnessBench.Gateway.Http;
using HarnessBench.Gateway.Scripted;

namespace HarnessBench.Gateway.Tests.Scripted;

/// <summary>The scripted model's steps land on the bare loop's own tools, with arguments the loop accepts.</summary>
public sealed class BareToolMappingTests
{
    private static readonly IReadOnlyList<OfferedTool> BareTools =
        ToolCatalog.Offered(JsonDocument.Parse(new JsonObject { ["tools"] = BareToolbox.Definitions() }.ToJsonString()).RootElement);

    [Theory]
    [InlineData("shell", "run_command")]
    [InlineData("write", "write_file")]
    [InlineData("read", "read_file")]
    public void Each_step_kind_finds_its_bare_tool(string kind, string tool) =>
        Assert.Equal(tool, ToolCatalog.Find(BareTools, Enum.Parse<StepKind>(kind, ignoreCase: true))?.Name);

    [Fact]
    public void Writes_go_through_bare_write_file_with_path_and_content_but_qwen_write_file_still_goes_through_the_shell()
    {
        var turn = new ScriptTurn(null, new ScriptAction(StepKind.Write, Path: "/workspace/a.py", Content: "A = 1\n"));

        ScriptToolCall call = ScriptReply.For(turn, BareTools, WireProtocol.OpenAi).ToolCall!;

        Assert.Equal("write_file", call.Name);
        var args = JsonNode.Parse(call.Arguments)!.AsObject();
        Assert.Equal(("/workspace/a.py", "A = 1\n"), ((string?)args["path"], (string?)args["content"]));

        var qwenWrite = new OfferedTool("write_file", JsonDocument.Parse("""{"type":"object","properties":{"file_path":{"type":"string"},"content":{"type":"string"}}}""").RootElement);
        var shell = new OfferedTool("run_shell_command", JsonDocument.Parse("""{"type":"object","properties":{"command":{"type":"string"}}}""").RootElement);
        Assert.True(ToolCatalog.RefusesUnreadOverwrite(qwenWrite));
        Assert.Equal("run_shell_command", ScriptReply.For(turn, [qwenWrite, shell], WireProtocol.OpenAi).ToolCall!.Name);
        Assert.True(ToolCatalog.RefusesUnreadOverwrite(new OfferedTool("write_file", null)));
    }

    [Fact]
    public void Shell_and_read_steps_fill_the_bare_tools_required_arguments()
    {
        var shell = ScriptReply.For(new ScriptTurn(null, new ScriptAction(StepKind.Shell, Command: "ls")), BareTools, WireProtocol.OpenAi).ToolCall!;
        var read = ScriptReply.For(new ScriptTurn(null, new ScriptAction(StepKind.Read, Path: "/workspace/x")), BareTools, WireProtocol.OpenAi).ToolCall!;

        Assert.Equal("ls", (string?)JsonNode.Parse(shell.Arguments)!["command"]);
        Assert.Equal("/workspace/x", (string?)JsonNode.Parse(read.Arguments)!["path"]);
    }
}
