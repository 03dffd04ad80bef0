using System.Globalization;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Trajectories;

namespace HarnessBench.Core.Agents;

/// <summary>
/// Agent stage of <c>bare</c> cells. The container is the same sandbox a CLI harness gets (toolchain
/// image, only /workspace copied in and out, no network, uid 1000, caps dropped, the cell's limits),
/// but its main process only idles for the agent timeout: the loop runs on the host, calls the model
/// through the cell's gateway session and executes each tool call in the container. The agent log
/// files hold the loop's own log; trajectory.jsonl is written from what the loop saw.
/// </summary>
internal sealed class BareAgentRunner(IContainerRuntime runtime, IImageResolver images, TimeProvider time) : IAgentRunner
{
    /// <summary>The idle container's own (normally empty) output, removed when empty.</summary>
    public const string ContainerLogFile = "agent.container.log";

    public async Task<AgentResult> RunAsync(CellWork work, CancellationToken cancellationToken)
    {
        var cell = work.Cell;
        var options = cell.Bare ?? BareOptions.Default;
        var endpoint = work.ModelSession?.Host
            ?? throw new InvalidOperationException($"the bare harness needs a model served through the gateway's unix socket; model '{cell.Model.Name}' has none (kind {cell.Model.Kind})");
        var image = await images.ResolveAsync(ImageRequest.For(cell.Task, cell.Harness), cancellationToken);
        // The same decoys a CLI harness would find, so the audit measures the baseline's peeking too.
        using var decoys = Audit.Decoys.StagedDecoys.Stage(cell.Decoys, cell.Task, work.Canary);
        ContainerAgentRunner.GuardDecoys(work, decoys);
        var containerLog = Path.Combine(work.Paths.Root, ContainerLogFile);
        // The idle process outlives the loop's deadline a little so that FinishAsync, not the clock, ends it.
        var idle = ((long)Math.Ceiling(cell.Timeouts.Agent.TotalSeconds) + 60).ToString(CultureInfo.InvariantCulture);
        var spec = SandboxSpecs.ForCell(work, "agent", image, ["sleep", idle], cell.Timeouts.Agent + TimeSpan.FromSeconds(60), containerLog, containerLog) with
        {
            Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["HOME"] = "/tmp", ["HB_TASK_ID"] = cell.Task.Id },
            CopyIn = [new DirectoryCopyIn(work.Paths.Workspace, SandboxSpecs.WorkspacePath, SandboxSpecs.SandboxUser), .. decoys.CopyIns],
            CopyOut = [ContainerAgentRunner.WorkspaceCopyOut(work)],
        };
        Directory.CreateDirectory(work.Paths.Root);
        BareLoopResult result;
        ContainerRun run;
        await using (var stdout = new StreamWriter(work.Paths.AgentStdout) { AutoFlush = true })
        await using (var stderr = new StreamWriter(work.Paths.AgentStderr) { AutoFlush = true })
        {
            await using var session = await runtime.StartAsync(spec, cancellationToken);
            using var model = new GatewayChatModel(endpoint, cell.Timeouts.Agent);
            using var deadline = new CancellationTokenSource(cell.Timeouts.Agent, time);
            var loop = new BareLoop(model, new BareToolbox(session, options.CommandTimeout), options, stdout, time);
            result = await loop.RunAsync(cell.Task.Prompt, endpoint.ModelName, deadline.Token, cancellationToken);
            if (result.Error is { } error) await stderr.WriteLineAsync(error);
            run = await session.FinishAsync(cancellationToken);
        }
        if (File.Exists(containerLog) && new FileInfo(containerLog).Length == 0) File.Delete(containerLog);
        using (var writer = File.CreateText(work.Paths.Trajectory)) TrajectoryWriter.Write(writer, result.Trajectory);
        var timedOut = result.Stop == BareStop.TimedOut;
        return new AgentResult(image, run with { ExitCode = timedOut ? null : result.ExitCode, TimedOut = timedOut });
    }
}

/// <summary>Sends each cell's agent stage to the runner its harness needs: bare, single-shot or a container command.</summary>
internal sealed class AgentRouter(IAgentRunner container, IAgentRunner bare, IAgentRunner singleShot, HarnessRegistry harnesses) : IAgentRunner
{
    // By name first: the planner may place single-shot cells without the registry holding the pseudo-harness.
    public Task<AgentResult> RunAsync(CellWork work, CancellationToken cancellationToken) => work.Cell.Harness switch
    {
        BareHarness.HarnessName => bare.RunAsync(work, cancellationToken),
        SingleShotHarness.HarnessName => singleShot.RunAsync(work, cancellationToken),
        _ when harnesses.Get(work.Cell.Harness) is IInProcessAgent other =>
            throw new InvalidOperationException($"in-process harness '{other.Name}' has no runner"),
        _ => container.RunAsync(work, cancellationToken),
    };
}
