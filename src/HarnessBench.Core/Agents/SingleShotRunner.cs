using System.Globalization;
using System.Text.Json.Nodes;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Trajectories;

namespace HarnessBench.Core.Agents;

/// <summary>
/// Agent stage of single-shot cells: one chat completion (no tools) through the cell's gateway
/// session, so it is metered like any harness; the code in the reply (<see cref="CodeExtractor"/>)
/// becomes the task's answer file in the scratch workspace, which the hidden grader then grades.
/// No agent container runs: the recorded agent run's process time is the model call's latency.
/// </summary>
internal sealed class SingleShotRunner(TimeProvider time) : IAgentRunner
{
    /// <summary>Recorded as the agent image: nothing ran in a container.</summary>
    public const string NoImage = "none (single-shot)";

    /// <summary>Agent exit code when the reply held no code (the workspace is graded unchanged).</summary>
    public const int NoCodeExitCode = 2;

    public Task<AgentResult> RunAsync(CellWork work, CancellationToken cancellationToken) =>
        RunAsync(work, work.ModelSession?.Host is { } host ? new GatewayChatModel(host, work.Cell.Timeouts.Agent) : null, cancellationToken);

    /// <summary>The stage with <paramref name="model"/> (owned and disposed here when disposable).</summary>
    internal async Task<AgentResult> RunAsync(CellWork work, IChatModel? model, CancellationToken cancellationToken)
    {
        var cell = work.Cell;
        var answer = cell.Task.SingleShot
            ?? throw new InvalidOperationException($"task '{cell.Task.Id}' is not a single-shot task; only single-shot tasks run under the '{Harnesses.SingleShotHarness.HarnessName}' harness");
        if (model is null)
            throw new InvalidOperationException($"single-shot cells need a model served through the gateway; model '{cell.Model.Name}' has none (kind {cell.Model.Kind})");
        Directory.CreateDirectory(work.Paths.Root);
        var trajectory = new TrajectoryBuilder(TrajectoryParsers.DefaultTextCapBytes);
        trajectory.Add(new TrajectoryEvent { Actor = TrajectoryActor.Harness, Kind = TrajectoryEventKind.SessionStart, Model = cell.Model.Name, Tools = [], Timestamp = time.GetUtcNow() });
        trajectory.Add(new TrajectoryEvent { Actor = TrajectoryActor.Harness, Kind = TrajectoryEventKind.Message, Text = cell.Task.Prompt, Timestamp = time.GetUtcNow() });
        List<JsonObject> messages =
        [
            new() { ["role"] = "system", ["content"] = $"Answer with the complete content of the file {answer.File}. You cannot run anything: reply once, with the code." },
            new() { ["role"] = "user", ["content"] = cell.Task.Prompt },
        ];
        var log = new List<string> { $"single-shot: model {cell.Model.Name}, answer file {answer.File}" };
        var started = time.GetTimestamp();
        int exitCode;
        string? error = null;
        try
        {
            var reply = await model.CompleteAsync(messages, [], cancellationToken);
            var latency = time.GetElapsedTime(started);
            log.Add(string.Create(CultureInfo.InvariantCulture,
                $"reply after {latency.TotalMilliseconds:0} ms: {reply.Content?.Length ?? 0} chars, {reply.Usage?.PromptTokens}+{reply.Usage?.CompletionTokens} tokens, finish {reply.FinishReason ?? "-"}"));
            trajectory.Add(new TrajectoryEvent { Actor = TrajectoryActor.Model, Kind = TrajectoryEventKind.Message, Text = reply.Content ?? "", Timestamp = time.GetUtcNow() });
            if (reply.Usage is { } u)
                trajectory.Add(new TrajectoryEvent { Actor = TrajectoryActor.Model, Kind = TrajectoryEventKind.Usage, Tokens = new TokenCounts { Input = u.PromptTokens, Output = u.CompletionTokens } });
            var extracted = CodeExtractor.Extract(reply.Content, answer.File);
            if (extracted.Code is { } code)
            {
                var target = AnswerPath(work, answer.File);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await File.WriteAllTextAsync(target, code, cancellationToken);
                log.Add($"wrote {code.Length} chars to {answer.File} ({extracted.Rule})");
                exitCode = 0;
            }
            else
            {
                log.Add($"no code written: {extracted.Rule}");
                exitCode = NoCodeExitCode;
            }
            log.Add("--- reply ---");
            log.Add(reply.Content ?? "");
        }
        catch (ModelCallException ex)
        {
            error = ex.Message;
            log.Add("model call failed: " + ex.Message);
            trajectory.Add(new TrajectoryEvent { Actor = TrajectoryActor.Harness, Kind = TrajectoryEventKind.Error, Text = ex.Message, IsError = true, Timestamp = time.GetUtcNow() });
            exitCode = 1;
        }
        finally
        {
            (model as IDisposable)?.Dispose();
        }
        var elapsed = time.GetElapsedTime(started);
        trajectory.Add(new TrajectoryEvent { Actor = TrajectoryActor.Harness, Kind = TrajectoryEventKind.SessionEnd, DurationMs = (long)elapsed.TotalMilliseconds, IsError = error is null ? null : true });
        await File.WriteAllLinesAsync(work.Paths.AgentStdout, log, cancellationToken);
        await File.WriteAllTextAsync(work.Paths.AgentStderr, error is null ? "" : error + "\n", cancellationToken);
        var events = trajectory.Build().Events;
        using (var writer = File.CreateText(work.Paths.Trajectory)) TrajectoryWriter.Write(writer, events);
        return new AgentResult(NoImage, new ContainerRun("", NoImage, exitCode, false, false, elapsed, elapsed));
    }

    // task.yaml validation keeps the answer file inside the workspace; checked again before writing.
    private static string AnswerPath(CellWork work, string file)
    {
        var root = Path.GetFullPath(work.Paths.Workspace);
        var target = Path.GetFullPath(Path.Combine(root, file));
        if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidOperationException($"the single-shot answer file '{file}' is outside the workspace");
        return target;
    }
}
