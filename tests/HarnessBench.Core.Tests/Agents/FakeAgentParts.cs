using System.Text.Json.Nodes;
using HarnessBench.Core.Agents;
using HarnessBench.Core.Runtime;

namespace HarnessBench.Core.Tests.Agents;

/// <summary>A model that plays back fixed replies and records every request it got.</summary>
internal sealed class FakeChatModel(params Func<IReadOnlyList<JsonObject>, ChatReply>[] replies) : IChatModel
{
    public List<(List<JsonObject> Messages, JsonArray Tools)> Requests { get; } = [];

    public Task<ChatReply> CompleteAsync(IReadOnlyList<JsonObject> messages, JsonArray tools, CancellationToken cancellationToken)
    {
        Requests.Add(([.. messages.Select(m => (JsonObject)m.DeepClone())], (JsonArray)tools.DeepClone()));
        var index = Requests.Count - 1;
        return Task.FromResult(index < replies.Length ? replies[index](messages) : Text("done"));
    }

    public static ChatReply Text(string content) => new(content, [], "stop", new ChatUsage(10, 2));

    public static ChatReply Calls(params (string Name, string Arguments)[] calls) =>
        new(null, [.. calls.Select((c, i) => new ChatToolCall($"call_{Guid.NewGuid():N}"[..12] + i, c.Name, c.Arguments))], "tool_calls", new ChatUsage(10, 5));
}

/// <summary>A container session that answers execs from a handler and records their argv.</summary>
internal sealed class FakeContainerSession(Func<IReadOnlyList<string>, ExecOutcome> handler) : IContainerSession
{
    public List<IReadOnlyList<string>> Execs { get; } = [];

    public string ContainerId => "fake";

    public Task<ExecOutcome> ExecAsync(IReadOnlyList<string> command, ExecLimits limits, CancellationToken cancellationToken)
    {
        Execs.Add(command);
        return Task.FromResult(handler(command));
    }

    public Task<ContainerRun> FinishAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new ContainerRun("fake", "sha256:fake", 137, false, false, TimeSpan.Zero, TimeSpan.Zero));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static ExecOutcome Ok(string stdout = "") => new(0, stdout, "", false, false, TimeSpan.FromMilliseconds(5));
}
