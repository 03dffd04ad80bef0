using System.Text;
using System.Text.Json.Nodes;
using HarnessBench.Core.Agents;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Trajectories;

namespace HarnessBench.Core.Tests.Agents;

public sealed class BareLoopTests
{
    private static (BareLoop Loop, StringWriter Log) Loop(IChatModel model, FakeContainerSession session, int maxTurns = 10)
    {
        var log = new StringWriter();
        return (new BareLoop(model, new BareToolbox(session, TimeSpan.FromSeconds(30)), new BareOptions(maxTurns, TimeSpan.FromSeconds(30)), log, TimeProvider.System), log);
    }

    private static Task<BareLoopResult> Run(BareLoop loop) => loop.RunAsync("Fix it.", "demo", CancellationToken.None, CancellationToken.None);

    [Fact]
    public async Task Tool_calls_run_in_the_session_and_their_results_go_back_to_the_model()
    {
        var model = new FakeChatModel(
            _ => FakeChatModel.Calls(("run_command", """{"command":"ls -la"}""")),
            _ => FakeChatModel.Calls(("write_file", """{"path":"a.py","content":"print(1)\n"}"""), ("read_file", """{"path":"a.py"}""")),
            _ => FakeChatModel.Text("All done."));
        var session = new FakeContainerSession(argv => argv[0] switch
        {
            "bash" => new ExecOutcome(0, "a.py\n", "warn\n", false, false, TimeSpan.Zero),
            "cat" => FakeContainerSession.Ok("print(1)\n"),
            _ => FakeContainerSession.Ok(),
        });
        var (loop, log) = Loop(model, session);

        var result = await Run(loop);

        Assert.Equal(BareStop.Answered, result.Stop);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal((3, 3), (result.Turns, result.ToolCalls));
        Assert.Equal(["bash", "-c", "ls -la"], session.Execs[0]);
        Assert.Equal("sh", session.Execs[1][0]);
        Assert.Equal("a.py", session.Execs[1][4]);
        Assert.Equal("print(1)\n", Encoding.UTF8.GetString(Convert.FromBase64String(session.Execs[1][5])));
        Assert.Equal(["cat", "--", "a.py"], session.Execs[2]);
        // The second request carries the first tool result, tied to its call id.
        var second = model.Requests[1].Messages;
        var toolMessage = second.Last();
        Assert.Equal("tool", (string?)toolMessage["role"]);
        Assert.Equal((string?)second[^2]["tool_calls"]![0]!["id"], (string?)toolMessage["tool_call_id"]);
        Assert.Contains("exit code: 0", (string?)toolMessage["content"], StringComparison.Ordinal);
        Assert.Contains("a.py", (string?)toolMessage["content"], StringComparison.Ordinal);
        Assert.Equal(["read_file", "write_file", "run_command", "search_code"],
            model.Requests[0].Tools.Select(t => (string)t!["function"]!["name"]!).ToArray());
        Assert.Contains("run_command ls -la -> exit 0", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("end: answered after 3 turns, 3 tool calls", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_loop_stops_at_the_turn_limit()
    {
        var model = new FakeChatModel([.. Enumerable.Repeat<Func<IReadOnlyList<JsonObject>, ChatReply>>(_ => FakeChatModel.Calls(("run_command", """{"command":"true"}""")), 10)]);
        var session = new FakeContainerSession(_ => FakeContainerSession.Ok());
        var (loop, log) = Loop(model, session, maxTurns: 3);

        var result = await Run(loop);

        Assert.Equal(BareStop.TurnLimit, result.Stop);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal(3, model.Requests.Count);
        Assert.Equal(3, session.Execs.Count);
        Assert.Contains("turn limit reached (3)", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_tools_malformed_and_missing_arguments_become_error_results_not_crashes()
    {
        var model = new FakeChatModel(
            _ => FakeChatModel.Calls(("delete_everything", "{}"), ("run_command", "{not json"), ("write_file", """{"path":"x.py"}"""), ("read_file", "[1,2]")),
            _ => FakeChatModel.Text("giving up"));
        var session = new FakeContainerSession(_ => FakeContainerSession.Ok());
        var (loop, _) = Loop(model, session);

        var result = await Run(loop);

        Assert.Equal(BareStop.Answered, result.Stop);
        Assert.Equal(4, result.ToolErrors);
        Assert.Empty(session.Execs);
        var results = model.Requests[1].Messages.Where(m => (string?)m["role"] == "tool").Select(m => (string)m["content"]!).ToList();
        Assert.Equal(4, results.Count);
        Assert.StartsWith("error: unknown tool 'delete_everything'", results[0], StringComparison.Ordinal);
        Assert.Contains("not a valid JSON object", results[1], StringComparison.Ordinal);
        Assert.Contains("needs a string argument 'content'", results[2], StringComparison.Ordinal);
        Assert.Contains("not a valid JSON object", results[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_command_a_timeout_and_a_missing_file_are_reported_to_the_model()
    {
        var model = new FakeChatModel(
            _ => FakeChatModel.Calls(("run_command", """{"command":"false"}"""), ("run_command", """{"command":"sleep 999"}"""), ("read_file", """{"path":"nope"}"""), ("search_code", """{"pattern":"zzz"}""")),
            _ => FakeChatModel.Text("ok"));
        var session = new FakeContainerSession(argv => argv switch
        {
            [_, _, "false"] => new ExecOutcome(1, "", "", false, false, TimeSpan.Zero),
            [_, _, "sleep 999"] => new ExecOutcome(null, "", "", true, false, TimeSpan.FromSeconds(30)),
            ["cat", ..] => new ExecOutcome(1, "", "cat: nope: No such file or directory\n", false, false, TimeSpan.Zero),
            _ => new ExecOutcome(1, "", "", false, false, TimeSpan.Zero),
        });
        var (loop, _) = Loop(model, session);

        await Run(loop);

        var results = model.Requests[1].Messages.Where(m => (string?)m["role"] == "tool").Select(m => (string)m["content"]!).ToList();
        Assert.StartsWith("exit code: 1", results[0], StringComparison.Ordinal);
        Assert.Contains("killed after 30 s", results[1], StringComparison.Ordinal);
        Assert.Contains("No such file or directory", results[2], StringComparison.Ordinal);
        Assert.Equal("no matches", results[3]);
        Assert.Equal(["grep", "-rnIE", "--", "zzz", "."], session.Execs[3]);
    }

    [Fact]
    public async Task Long_output_is_capped_and_says_so()
    {
        var big = new string('x', BareToolbox.OutputCapBytes * 2);
        var model = new FakeChatModel(_ => FakeChatModel.Calls(("read_file", """{"path":"big.txt"}""")), _ => FakeChatModel.Text("ok"));
        var (loop, _) = Loop(model, new FakeContainerSession(_ => FakeContainerSession.Ok(big)));

        await Run(loop);

        var text = (string)model.Requests[1].Messages.Last()["content"]!;
        Assert.True(Encoding.UTF8.GetByteCount(text) < BareToolbox.OutputCapBytes + 100);
        Assert.Contains($"[output cut: {BareToolbox.OutputCapBytes} of {big.Length} bytes shown]", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_error_ends_the_loop_with_exit_code_1()
    {
        var model = new ThrowingModel();
        var (loop, log) = Loop(model, new FakeContainerSession(_ => FakeContainerSession.Ok()));

        var result = await Run(loop);

        Assert.Equal(BareStop.ModelError, result.Stop);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("the model endpoint answered HTTP 500: boom", result.Error);
        Assert.Contains("model call failed", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Large_writes_are_split_into_chunks_that_append()
    {
        var content = new string('a', 120 * 1024);
        var model = new FakeChatModel(_ => FakeChatModel.Calls(("write_file", new JsonObject { ["path"] = "big.txt", ["content"] = content }.ToJsonString())), _ => FakeChatModel.Text("ok"));
        var session = new FakeContainerSession(_ => FakeContainerSession.Ok());
        var (loop, _) = Loop(model, session);

        await Run(loop);

        Assert.Equal(3, session.Execs.Count);
        Assert.Contains("> \"$1\"", session.Execs[0][2], StringComparison.Ordinal);
        Assert.All(session.Execs.Skip(1), e => Assert.Contains(">> \"$1\"", e[2], StringComparison.Ordinal));
        Assert.Equal(content, string.Concat(session.Execs.Select(e => Encoding.UTF8.GetString(Convert.FromBase64String(e[5])))));
        Assert.All(session.Execs, e => Assert.True(e[5].Length < 128 * 1024));
    }

    [Fact]
    public async Task The_trajectory_holds_messages_calls_with_arguments_and_results()
    {
        var model = new FakeChatModel(
            _ => new ChatReply("Let me look.", [new ChatToolCall("call_1", "run_command", """{"command":"cat /etc/hostname"}""")], "tool_calls", new ChatUsage(100, 20)),
            _ => FakeChatModel.Text("done"));
        var (loop, _) = Loop(model, new FakeContainerSession(_ => FakeContainerSession.Ok("box\n")));

        var result = await Run(loop);
        var roundTrip = TrajectoryReader.FromJsonl(TrajectoryWriter.ToJsonl(result.Trajectory));

        Assert.Equal(TrajectoryEventKind.SessionStart, roundTrip[0].Kind);
        Assert.Equal("Fix it.", roundTrip[1].Text);
        var call = Assert.Single(roundTrip, e => e.Kind == TrajectoryEventKind.ToolCall);
        Assert.Equal(("run_command", "call_1"), (call.ToolName, call.ToolCallId));
        Assert.Contains("cat /etc/hostname", call.ArgumentStrings!);
        var toolResult = Assert.Single(roundTrip, e => e.Kind == TrajectoryEventKind.ToolResult);
        Assert.Equal("call_1", toolResult.ToolCallId);
        Assert.Contains("box", toolResult.Text, StringComparison.Ordinal);
        Assert.Contains(roundTrip, e => e is { Kind: TrajectoryEventKind.Usage, Tokens.Input: 100, Tokens.Output: 20 });
        Assert.Equal(TrajectoryEventKind.SessionEnd, roundTrip[^1].Kind);
        Assert.Equal(Enumerable.Range(0, roundTrip.Count), roundTrip.Select(e => e.Step));
    }

    private sealed class ThrowingModel : IChatModel
    {
        public Task<ChatReply> CompleteAsync(IReadOnlyList<JsonObject> messages, JsonArray tools, CancellationToken cancellationToken) =>
            throw new ModelCallException("the model endpoint answered HTTP 500: boom");
    }
}
