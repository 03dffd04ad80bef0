using System.Text.Json.Nodes;
using HarnessBench.Gateway.Metering;
using HarnessBench.Gateway.Tests.Infrastructure;

namespace HarnessBench.Gateway.Tests.Scripted;

/// <summary>
/// Replays the request bodies the real CLIs sent against the scripted model over real HTTP and
/// checks each reply as that CLI would: a tool call for a tool it offered, with arguments that
/// fill the tool's schema, in a stream shaped the way the CLI insists on.
/// </summary>
public sealed class CapturedRequestTests : IAsyncLifetime
{
    private GatewayFixture _gw = null!;

    public async Task InitializeAsync() => _gw = await GatewayFixture.StartAsync();

    public async Task DisposeAsync() => await _gw.DisposeAsync();

    public static TheoryData<string, string, string, bool> FirstRequests => new()
    {
        // capture, step kind, expected tool, stream
        { "claude-req-0001.json", "shell", "Bash", true },
        { "claude-req-0001.json", "write", "Write", true },
        { "claude-req-0001.json", "read", "Read", false },
        { "opencode-req-0001.json", "shell", "bash", true },
        { "opencode-req-0001.json", "write", "write", false },
        { "opencode-req-0001.json", "read", "read", true },
        { "pi-req-0001.json", "shell", "bash", true },
        { "pi-req-0001.json", "write", "write", true },
        { "pi-req-0001.json", "read", "read", false },
        { "qwen-req-0001.json", "shell", "run_shell_command", false },
        { "qwen-req-0001.json", "write", "run_shell_command", true }, // write_file refuses to overwrite unread files
        { "qwen-req-0001.json", "read", "read_file", true },
    };

    [Theory]
    [MemberData(nameof(FirstRequests))]
    public async Task First_request_gets_a_tool_call_for_the_offered_tool_with_schema_valid_arguments(string capture, string kind, string tool, bool stream)
    {
        string step = kind switch
        {
            "shell" => "- shell: echo 42 > answer.txt",
            "write" => "- write: { path: answer.txt, content: \"42\\n\" }",
            _ => "- read: notes.txt",
        };
        var session = _gw.OpenScripted("cell-" + kind, step + "\n- say: done\n");
        JsonObject body = Captures.Json(capture);
        body["stream"] = stream;

        Reply reply = await ModelRequests.SendAsync(_gw.Client, session, body);

        ToolCallSeen call = Assert.Single(reply.ToolCalls);
        Assert.Equal(tool, call.Name);
        Assert.Equal(ModelRequests.IsAnthropic(body) ? "tool_use" : "tool_calls", reply.Stop);
        Assert.False(string.IsNullOrEmpty(call.Id));
        JsonObject schema = Captures.Schema(body, tool);
        foreach (JsonNode? required in schema["required"]?.AsArray() ?? [])
        {
            Assert.True(call.Arguments.ContainsKey((string)required!), $"{tool} is missing required '{required}' in {call.Arguments.ToJsonString()}");
        }

        foreach ((string name, JsonNode? _) in call.Arguments)
        {
            Assert.True(schema["properties"]!.AsObject().ContainsKey(name), $"{tool} got '{name}', which its schema does not declare");
        }

        string values = string.Join("|", call.Arguments.Select(a => a.Value?.ToString()));
        Assert.Contains(kind switch { "shell" => "echo 42 > answer.txt", "write" => "/workspace/answer.txt", _ => "/workspace/notes.txt" }, values, StringComparison.Ordinal);
        if (kind == "write" && tool != "run_shell_command")
        {
            Assert.Contains("42\n", values, StringComparison.Ordinal);
        }

        CellMetering metering = _gw.Gateway.Close(session);
        Assert.Equal(1, metering.Totals.Requests);
        Assert.Equal(reply.CompletionTokens, metering.Totals.CompletionTokens);
        Assert.Contains(tool, metering.Totals.ToolNames);
        Assert.True(metering.Totals.SystemPromptChars > 1000, "the system prompt fingerprint was not measured");
    }

    [Theory]
    [InlineData("claude-req-0002.json", true)]
    [InlineData("claude-req-0002.json", false)]
    [InlineData("opencode-req-0002.json", true)]
    [InlineData("pi-req-0002.json", true)]
    [InlineData("qwen-req-0002.json", true)]
    [InlineData("qwen-req-0002.json", false)]
    public async Task Request_after_the_tool_result_gets_the_final_text(string capture, bool stream)
    {
        var session = _gw.OpenScripted("cell-final", "- shell: echo 42 > answer.txt\n- say: all done\n");
        JsonObject body = Captures.Json(capture);
        body["stream"] = stream;

        Reply reply = await ModelRequests.SendAsync(_gw.Client, session, body);

        Assert.Empty(reply.ToolCalls);
        Assert.Equal("all done", reply.Text);
        Assert.Equal(ModelRequests.IsAnthropic(body) ? "end_turn" : "stop", reply.Stop);
        Assert.True(reply.PromptTokens > 1000);
        CellMetering metering = _gw.Gateway.Close(session);
        Assert.Equal(reply.PromptTokens, metering.Totals.PromptTokens);
        Assert.Equal(reply.CompletionTokens, metering.Totals.CompletionTokens);
    }

    [Fact]
    public async Task Text_before_a_tool_call_streams_in_the_same_turn_and_usage_chunk_follows_only_when_asked()
    {
        var session = _gw.OpenScripted("cell-say", "- say: Writing the file.\n- write: { path: a.txt, content: x }\n");
        JsonObject body = Captures.Json("opencode-req-0001.json"); // asks for stream_options.include_usage
        Reply asked = await ModelRequests.SendAsync(_gw.Client, session, body);
        body.Remove("stream_options");
        Reply notAsked = await ModelRequests.SendAsync(_gw.Client, session, body);

        Assert.Equal("Writing the file.", asked.Text);
        Assert.Single(asked.ToolCalls);
        Assert.True(asked.UsageChunkSeen);
        Assert.False(notAsked.UsageChunkSeen);
        Assert.Equal(asked.CompletionTokens, _gw.Gateway.Close(session).Totals.CompletionTokens / 2);
    }
}
