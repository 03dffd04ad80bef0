using System.Text.Json.Nodes;
using HarnessBench.Core.Agents;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Tests.Support;
using HarnessBench.Core.Trajectories;

namespace HarnessBench.Core.Tests.Agents;

public sealed class SingleShotRunnerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CellWork _work;

    public SingleShotRunnerTests()
    {
        TestBench.WriteTask(_dir, "ss", "mode: single-shot\nsingle_shot: { file: src/answer.py }");
        _dir.Write("tasks/ss/solution/src/answer.py", "A = 1\n");
        var bench = TestBench.Load(_dir, "name: b\nmodels:\n  - name: m\n    scripted: scripts/demo.yaml\nharnesses: [bare]\n");
        var cell = Assert.Single(Planner.Expand(bench, HarnessRegistry.CreateWithBuiltIns()).Cells);
        Assert.Equal(SingleShotHarness.HarnessName, cell.Harness);
        _work = CellWork.Create(cell, new RunContext("r", "s", _dir.Combine("run")));
        Directory.CreateDirectory(_work.Paths.Workspace);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_reply_is_sent_once_without_tools_and_its_code_becomes_the_answer_file()
    {
        var model = new FakeChatModel(_ => FakeChatModel.Text("Sure:\n```python\nA = 1\n```\n"));

        var result = await new SingleShotRunner(TimeProvider.System).RunAsync(_work, model, CancellationToken.None);

        var (messages, tools) = Assert.Single(model.Requests);
        Assert.Empty(tools);
        Assert.Equal("Solve ss.", (string?)messages[^1]["content"]);
        Assert.Equal("A = 1\n", File.ReadAllText(Path.Combine(_work.Paths.Workspace, "src", "answer.py")));
        Assert.Equal(0, result.Run.ExitCode);
        Assert.Contains("(the fenced block tagged python/py/python3)", File.ReadAllText(_work.Paths.AgentStdout), StringComparison.Ordinal);
        Assert.True(File.Exists(_work.Paths.Trajectory));
        Assert.Contains(TrajectoryReader.FromJsonl(File.ReadAllText(_work.Paths.Trajectory)), e => e is { Kind: TrajectoryEventKind.Message, Actor: TrajectoryActor.Model });
    }

    [Fact]
    public async Task A_reply_without_code_writes_nothing_and_is_left_to_the_grader()
    {
        var model = new FakeChatModel(_ => FakeChatModel.Text(""));

        var result = await new SingleShotRunner(TimeProvider.System).RunAsync(_work, model, CancellationToken.None);

        Assert.Equal(SingleShotRunner.NoCodeExitCode, result.Run.ExitCode);
        Assert.False(File.Exists(Path.Combine(_work.Paths.Workspace, "src", "answer.py")));
        Assert.Contains("no code written: empty reply", File.ReadAllText(_work.Paths.AgentStdout), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_error_is_exit_code_1_with_the_message_in_stderr()
    {
        var result = await new SingleShotRunner(TimeProvider.System).RunAsync(_work, new FailingModel(), CancellationToken.None);

        Assert.Equal(1, result.Run.ExitCode);
        Assert.Equal("the model endpoint answered HTTP 503: busy\n", File.ReadAllText(_work.Paths.AgentStderr));
    }

    [Fact]
    public async Task A_cell_without_a_gateway_session_is_refused_with_the_reason()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => new SingleShotRunner(TimeProvider.System).RunAsync(_work, CancellationToken.None));

        Assert.Contains("need a model served through the gateway", e.Message, StringComparison.Ordinal);
    }

    private sealed class FailingModel : IChatModel
    {
        public Task<ChatReply> CompleteAsync(IReadOnlyList<JsonObject> messages, JsonArray tools, CancellationToken cancellationToken) =>
            throw new ModelCallException("the model endpoint answered HTTP 503: busy");
    }
}
