using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HarnessBench.Core.Trajectories;

namespace HarnessBench.Core.Agents;

/// <summary>How the bare loop ended.</summary>
public enum BareStop
{
    /// <summary>The model answered without calling a tool: it considers the task done.</summary>
    Answered,
    /// <summary>The turn budget ran out while the model was still calling tools.</summary>
    TurnLimit,
    /// <summary>A model call failed at the endpoint.</summary>
    ModelError,
    /// <summary>The cell's agent timeout passed.</summary>
    TimedOut,
}

/// <summary>What the loop did.</summary>
public sealed record BareLoopResult(BareStop Stop, int Turns, int ToolCalls, int ToolErrors, string? Error, IReadOnlyList<TrajectoryEvent> Trajectory)
{
    /// <summary>Recorded as the agent's exit code: 0 answered, 1 model error, 3 turn limit (124 timed out).</summary>
    public int ExitCode => Stop switch { BareStop.Answered => 0, BareStop.ModelError => 1, BareStop.TurnLimit => 3, _ => 124 };
}

/// <summary>
/// The no-harness baseline: the task prompt, four tools, and up to N model turns. Each turn sends
/// the whole conversation; every tool call in the reply is executed in order and its result appended.
/// The loop ends when the model answers without tool calls, the turn budget is spent, a model call
/// fails, or the deadline token fires. It logs each turn to <paramref name="log"/> and
/// records a normalized trajectory (model text, tool calls with arguments, tool results).
/// </summary>
public sealed class BareLoop(IChatModel model, BareToolbox tools, BareOptions options, TextWriter log, TimeProvider time)
{
    public const string SystemPrompt = """
        You are a coding agent working in a Linux container. The project is in /workspace (your working directory); there is no network.
        Use the tools to inspect files, edit them and run commands until the task is solved, then reply with a short summary and no tool call.
        """;

    public async Task<BareLoopResult> RunAsync(string prompt, string modelName, CancellationToken deadline, CancellationToken cancellationToken)
    {
        var trajectory = new TrajectoryBuilder(TrajectoryParsers.DefaultTextCapBytes);
        var definitions = BareToolbox.Definitions();
        trajectory.Add(new TrajectoryEvent
        {
            Actor = TrajectoryActor.Harness, Kind = TrajectoryEventKind.SessionStart, Text = "/workspace",
            Model = modelName, Tools = BareToolbox.Names, Timestamp = time.GetUtcNow(),
        });
        trajectory.Add(new TrajectoryEvent { Actor = TrajectoryActor.Harness, Kind = TrajectoryEventKind.Message, Text = prompt, Timestamp = time.GetUtcNow() });
        List<JsonObject> messages =
        [
            new() { ["role"] = "system", ["content"] = SystemPrompt },
            new() { ["role"] = "user", ["content"] = prompt },
        ];
        Line($"bare loop: model {modelName}, max {options.MaxTurns} turns, tools {string.Join(", ", BareToolbox.Names)}");
        int turns = 0, calls = 0, errors = 0;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline);
        var stop = BareStop.TurnLimit;
        string? error = null;
        try
        {
            while (turns < options.MaxTurns)
            {
                turns++;
                ChatReply reply;
                try
                {
                    reply = await model.CompleteAsync(messages, definitions, linked.Token);
                }
                catch (ModelCallException ex)
                {
                    stop = BareStop.ModelError;
                    error = ex.Message;
                    Line($"turn {turns}: model call failed: {ex.Message}");
                    trajectory.Add(new TrajectoryEvent { Actor = TrajectoryActor.Harness, Kind = TrajectoryEventKind.Error, Text = ex.Message, IsError = true, Timestamp = time.GetUtcNow() });
                    break;
                }
                RecordReply(trajectory, reply, turns);
                messages.Add(AssistantMessage(reply));
                if (reply.ToolCalls.Count == 0)
                {
                    stop = BareStop.Answered;
                    break;
                }
                foreach (var call in reply.ToolCalls)
                {
                    calls++;
                    var outcome = await tools.RunAsync(call, linked.Token);
                    if (outcome.IsError) errors++;
                    Line($"  {outcome.Summary}");
                    trajectory.Add(new TrajectoryEvent
                    {
                        Actor = TrajectoryActor.Tool, Kind = TrajectoryEventKind.ToolResult, ToolName = call.Name, ToolCallId = call.Id,
                        Text = outcome.Text, IsError = outcome.IsError, Timestamp = time.GetUtcNow(),
                    });
                    messages.Add(new JsonObject { ["role"] = "tool", ["tool_call_id"] = call.Id, ["content"] = outcome.Text });
                }
            }
            if (stop == BareStop.TurnLimit) Line($"turn limit reached ({options.MaxTurns}); the model was still calling tools");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            stop = BareStop.TimedOut;
            error = "the agent timeout passed";
            Line($"turn {turns}: the agent timeout passed; stopping");
        }
        trajectory.Add(new TrajectoryEvent
        {
            Actor = TrajectoryActor.Harness, Kind = TrajectoryEventKind.SessionEnd, Text = $"{stop}: {turns} turns, {calls} tool calls",
            IsError = stop is BareStop.ModelError or BareStop.TimedOut ? true : null, Timestamp = time.GetUtcNow(),
        });
        Line($"end: {Snake(stop)} after {turns} turns, {calls} tool calls ({errors} errors)");
        return new BareLoopResult(stop, turns, calls, errors, error, trajectory.Build().Events);
    }

    private void RecordReply(TrajectoryBuilder trajectory, ChatReply reply, int turn)
    {
        var tokens = reply.Usage is { } u ? string.Create(CultureInfo.InvariantCulture, $", {u.PromptTokens}+{u.CompletionTokens} tokens") : "";
        Line($"turn {turn}: {reply.ToolCalls.Count} tool call(s){tokens}, finish {reply.FinishReason ?? "-"}");
        if (!string.IsNullOrWhiteSpace(reply.Content))
        {
            Line("  model: " + OneLine(reply.Content));
            trajectory.Add(new TrajectoryEvent { Actor = TrajectoryActor.Model, Kind = TrajectoryEventKind.Message, Text = reply.Content, Timestamp = time.GetUtcNow() });
        }
        foreach (var call in reply.ToolCalls)
        {
            Line($"  call {call.Name} {OneLine(call.Arguments)}");
            trajectory.AddCall(new TrajectoryEvent
            {
                Actor = TrajectoryActor.Model, Kind = TrajectoryEventKind.ToolCall, ToolName = call.Name, ToolCallId = call.Id, Timestamp = time.GetUtcNow(),
            }, ParseOrString(call.Arguments));
        }
        if (reply.Usage is { } usage)
        {
            trajectory.Add(new TrajectoryEvent
            {
                Actor = TrajectoryActor.Model, Kind = TrajectoryEventKind.Usage,
                Tokens = new TokenCounts { Input = usage.PromptTokens, Output = usage.CompletionTokens },
            });
        }
    }

    private static JsonObject AssistantMessage(ChatReply reply)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.Content };
        if (reply.ToolCalls.Count > 0)
        {
            message["tool_calls"] = new JsonArray([.. reply.ToolCalls.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments },
            })]);
        }
        return message;
    }

    // Malformed arguments are kept as a JSON string so the trajectory still shows what the model sent.
    private static JsonElement ParseOrString(string arguments)
    {
        try
        {
            using var document = JsonDocument.Parse(arguments);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(arguments);
        }
    }

    private void Line(string text) => log.WriteLine(text);

    private static string OneLine(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length > 200 ? flat[..200] + "..." : flat;
    }

    private static string Snake(BareStop stop) => stop switch
    {
        BareStop.Answered => "answered",
        BareStop.TurnLimit => "turn_limit",
        BareStop.ModelError => "model_error",
        _ => "timed_out",
    };
}
