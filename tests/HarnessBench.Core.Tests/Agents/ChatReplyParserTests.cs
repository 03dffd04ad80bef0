using HarnessBench.Core.Agents;

namespace HarnessBench.Core.Tests.Agents;

public sealed class ChatReplyParserTests
{
    [Fact]
    public void Text_tool_calls_finish_reason_and_usage_are_read()
    {
        var reply = ChatReplyParser.Parse("""
            {"choices":[{"message":{"role":"assistant","content":"ok","tool_calls":[
              {"id":"call_1","type":"function","function":{"name":"run_command","arguments":"{\"command\":\"ls\"}"}},
              {"id":"call_2","type":"function","function":{"name":"read_file","arguments":{"path":"a"}}}]},
              "finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":12,"completion_tokens":3}}
            """);

        Assert.Equal("ok", reply.Content);
        Assert.Equal("tool_calls", reply.FinishReason);
        Assert.Equal(new ChatUsage(12, 3), reply.Usage);
        Assert.Equal([new ChatToolCall("call_1", "run_command", """{"command":"ls"}"""), new ChatToolCall("call_2", "read_file", """{"path":"a"}""")], reply.ToolCalls);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("""{"choices":[]}""", "has no choices")]
    [InlineData("""{"choices":[{"finish_reason":"stop"}]}""", "has no message")]
    public void Unreadable_replies_are_model_errors_with_the_reason(string json, string reason)
    {
        var e = Assert.Throws<ModelCallException>(() => ChatReplyParser.Parse(json));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
