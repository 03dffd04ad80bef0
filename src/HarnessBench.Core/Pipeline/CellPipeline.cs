using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Results;
using HarnessBench.Core.Runtime;

namespace HarnessBench.Core.Pipeline;

/// <summary>
/// Runs one cell through its stages (prepare → agent → grade) and turns what happened into a
/// <see cref="CellResult"/>. Outcomes are data: a crash, a timeout, a runtime exception
/// (error infra) or a cancellation (error interrupted) all become a result; nothing is thrown.
/// </summary>
/// <param name="models">Opens each cell's model gateway session around the agent; null = cells run without a model.</param>
public sealed class CellPipeline(IWorkspacePreparer preparer, IAgentRunner agentRunner, IGrader grader, TimeProvider time, IModelAccess? models = null)
{
    /// <summary>The production pipeline: scratch copy, agent and grader containers through <paramref name="runtime"/>.</summary>
    public static CellPipeline Create(IContainerRuntime runtime, IImageResolver images, HarnessRegistry harnesses, TimeProvider time, IModelAccess? models = null) =>
        new(new ScratchWorkspacePreparer(),
            new Agents.AgentRouter(new ContainerAgentRunner(runtime, images, harnesses), new Agents.BareAgentRunner(runtime, images, time), new Agents.SingleShotRunner(time), harnesses),
            new ContainerGrader(runtime, images), time, models);

    /// <summary>The same stages with cells' models reached through <paramref name="access"/> (the gateway).</summary>
    public CellPipeline WithModels(IModelAccess access) => new(preparer, agentRunner, grader, time, access);

    /// <param name="cancellationToken">Cancelling records the cell as error interrupted.</param>
    public async Task<CellResult> RunAsync(CellWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var startedAt = time.GetUtcNow();
        var clock = new PhaseClock(time);
        AgentResult? agent = null;
        GradeResult? grade = null;
        ModelMetering? metering = null;
        Audit.CellAudit? audit = null;
        CellOutcome outcome;
        try
        {
            clock.Begin(Phase.Prepare);
            await preparer.PrepareAsync(work, cancellationToken);
            clock.Begin(Phase.Agent);
            if (work.Cell.Decoys.Sites.Count > 0) work = work with { Canary = Audit.Decoys.Canary.New() };
            // The grader's container comes up while the agent runs (it holds the hidden files, not the agent's):
            // grading then waits only for the agent's files. Disposed at the end of the cell, used or not.
            await using var graderHeadStart = grader.Prepare(work, cancellationToken);
            agent = await RunAgentAsync(work, m => metering = m, cancellationToken);
            // capture -> audit -> grade: the audit only observes; the verdict never depends on it.
            clock.Begin(Phase.Audit);
            audit = CellAuditStage.Run(work);
            var decidedByAgent = OutcomeRules.AfterModel(metering) ?? OutcomeRules.AfterAgent(agent.Run, work.Cell);
            if (decidedByAgent is null)
            {
                clock.Begin(Phase.Grade);
                grade = await grader.GradeAsync(work, graderHeadStart, cancellationToken);
                outcome = OutcomeRules.AfterGrade(grade, work.Cell);
            }
            else
            {
                outcome = decidedByAgent;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = CellOutcome.Error(ErrorKind.Interrupted, $"the sweep was cancelled during the {clock.Current.ToString().ToLowerInvariant()} phase; resume reruns this cell");
        }
        catch (HarnessUnavailableException ex)
        {
            outcome = CellOutcome.Error(ErrorKind.HarnessUnavailable, ex.Message);
        }
        catch (Tasks.TaskUnavailableException ex)
        {
            outcome = CellOutcome.Error(ErrorKind.TaskUnavailable, ex.Message);
        }
        catch (BackendFailureException ex)
        {
            outcome = CellOutcome.Error(ErrorKind.BackendError, $"{clock.Current.ToString().ToLowerInvariant()} phase: {ex.Message}");
            WriteErrorLog(work.Paths, ex);
        }
#pragma warning disable CA1031 // Any failure of a stage is this cell's infra error; the sweep decides whether to go on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            outcome = CellOutcome.Error(ErrorKind.Infra, $"{clock.Current.ToString().ToLowerInvariant()} phase: {Describe(ex)}");
            WriteErrorLog(work.Paths, ex);
        }
        clock.End();
        return Build(work, outcome, agent, grade, clock, startedAt, time.GetUtcNow()) with { Metering = metering, Audit = audit };
    }

    /// <summary>The agent stage inside the cell's gateway session, which is closed (and metered) whatever happens.</summary>
    private async Task<AgentResult> RunAgentAsync(CellWork work, Action<ModelMetering> metered, CancellationToken cancellationToken)
    {
        var session = models is null ? null : await models.OpenAsync(work, cancellationToken);
        if (session is null)
            return await agentRunner.RunAsync(work, cancellationToken);
        try
        {
            return await agentRunner.RunAsync(work with { ModelSession = session }, cancellationToken);
        }
        finally
        {
            metered(models!.Close(session));
        }
    }

    private static CellResult Build(CellWork work, CellOutcome outcome, AgentResult? agent, GradeResult? grade, PhaseClock clock, DateTimeOffset startedAt, DateTimeOffset finishedAt)
    {
        var cell = work.Cell;
        var paths = work.Paths;
        var agentProcess = agent?.Run.ProcessTime ?? TimeSpan.Zero;
        var graderProcess = grade?.Run?.ProcessTime ?? TimeSpan.Zero;
        var total = clock.Total;
        return new CellResult
        {
            RunId = work.Run.RunId,
            SessionId = work.Run.SessionId,
            CellId = cell.Id.Value,
            DefinitionHash = cell.DefinitionHash,
            Model = cell.Model.Name,
            Harness = cell.Harness,
            Task = cell.Task.Id,
            Repeat = cell.Repeat,
            Warmup = cell.IsWarmup,
            Verdict = outcome.Verdict,
            ErrorKind = outcome.ErrorKind,
            ErrorMessage = outcome.Verdict == Verdict.Error ? outcome.Message : null,
            FailReason = outcome.Verdict == Verdict.Fail ? outcome.Message : null,
            AgentExitCode = agent?.Run.ExitCode,
            AgentOomKilled = agent?.Run.OomKilled ?? false,
            AgentLimit = agent?.LimitHit,
            GraderExitCode = grade?.Run?.ExitCode,
            Limits = new CellLimitsMs((long)cell.Timeouts.Agent.TotalMilliseconds, (long)cell.Timeouts.Grader.TotalMilliseconds),
            Timings = new CellTimings(
                Ms(clock[Phase.Prepare]), Ms(clock[Phase.Agent]), Ms(clock[Phase.Grade]), Ms(total),
                Ms(agentProcess), Ms(graderProcess), Ms(total - agentProcess - graderProcess < TimeSpan.Zero ? TimeSpan.Zero : total - agentProcess - graderProcess)),
            GraderStdoutTail = grade?.Run is null ? null : grade.StdoutTail,
            GraderStderrTail = grade?.Run is null ? null : grade.StderrTail,
            Checks = grade?.Run is null ? null : ChecksOf(grade.Evidence, cell.Task.Checks),
            Graded = grade?.Files,
            Images = new CellImages(
                agent is null ? null : new CellImage(agent.Image, agent.Run.ImageId) { Node = agent.Run.Node },
                grade?.Image is null ? null : new CellImage(grade.Image, grade.Run?.ImageId) { Node = grade.Run?.Node }),
            HarnessVersion = cell.HarnessVersion,
            HarnessVersionReported = agent?.HarnessVersion?.Reported,
            HarnessVersionMismatch = agent?.HarnessVersion is { Matches: false },
            Logs = new CellLogs(
                paths.RelativeIfExists(paths.AgentStdout), paths.RelativeIfExists(paths.AgentStderr),
                paths.RelativeIfExists(paths.GraderStdout), paths.RelativeIfExists(paths.GraderStderr),
                paths.RelativeIfExists(paths.Workspace), paths.RelativeIfExists(paths.ErrorLog))
            {
                Trajectory = paths.RelativeIfExists(paths.Trajectory),
                AgentLogs = paths.RelativeIfExists(paths.AgentLogs),
            },
            Backend = work.Run.Backend.Name(),
            StartedAt = startedAt,
            FinishedAt = finishedAt,
        };
    }

    private static CellChecks ChecksOf(GraderEvidence evidence, int declared) =>
        new(evidence.Checks.Count(c => c.Passed), evidence.Checks.Count, declared, evidence.Finish is not null && evidence.Problem is null)
        {
            Failed = [.. evidence.Checks.Where(c => !c.Passed).Take(CellChecks.ListedFailures).Select(c => c.Detail.Length == 0 ? c.Name : $"{c.Name}: {c.Detail}")],
        };

    private static long Ms(TimeSpan value) => (long)Math.Round(value.TotalMilliseconds);

    private static string Describe(Exception ex)
    {
        var message = ex is ContainerRuntimeException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
            message += $" ({inner.GetType().Name}: {inner.Message})";
        return message;
    }

    private static void WriteErrorLog(CellPaths paths, Exception ex)
    {
        try
        {
            Directory.CreateDirectory(paths.Root);
            File.WriteAllText(paths.ErrorLog, ex.ToString());
        }
        catch (IOException)
        {
            // The message in the result line is what matters; the full text is a bonus.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    // Audit time is in total_ms (and so in the sandbox overhead), not in agent_ms or grade_ms.
    private enum Phase { Prepare, Agent, Grade, Audit }

    /// <summary>Wall time per phase, measured with the injected <see cref="TimeProvider"/>.</summary>
    private sealed class PhaseClock(TimeProvider time)
    {
        private readonly long _start = time.GetTimestamp();
        private readonly TimeSpan[] _elapsed = new TimeSpan[4];
        private long _phaseStart;
        private bool _inPhase;
        private long? _end;

        public Phase Current { get; private set; }

        public TimeSpan this[Phase phase] => _elapsed[(int)phase];

        public TimeSpan Total => _end is { } end ? time.GetElapsedTime(_start, end) : time.GetElapsedTime(_start);

        public void Begin(Phase phase)
        {
            Close();
            Current = phase;
            _phaseStart = time.GetTimestamp();
            _inPhase = true;
        }

        public void End()
        {
            Close();
            _end = time.GetTimestamp();
        }

        private void Close()
        {
            if (!_inPhase) return;
            _elapsed[(int)Current] = time.GetElapsedTime(_phaseStart);
            _inPhase = false;
        }
    }
}
