using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;

namespace HarnessBench.Core.Sweep;

/// <summary>
/// Runs a plan: decides what to resume, then runs the remaining cells model by model (each model
/// started before and stopped after its cells) with bounded concurrency, storing every result
/// as it finishes. Pure orchestration: all work goes through the injected pipeline and store.
/// </summary>
public sealed class SweepRunner(CellPipeline pipeline, IResultStore store, IModelLifecycle models, ISweepObserver observer, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly HashSet<(string Harness, string? Reported)> _versionWarnings = [];

    /// <summary>Reads the store and decides what each planned cell needs (for a dry run or a confirmation).</summary>
    public async Task<ResumePlan> PlanResumeAsync(Plan plan, SweepOptions options, CancellationToken cancellationToken) =>
        ResumePlan.Compute(plan, await store.LoadAsync(cancellationToken), options);

    /// <summary>
    /// Runs the sweep. Cancellation is not an error: running cells are stored as interrupted and the
    /// summary says <see cref="SweepStatus.Interrupted"/>.
    /// </summary>
    /// <exception cref="SweepAbortedException">The infrastructure is broken; finished results are stored.</exception>
    public async Task<SweepSummary> RunAsync(Plan plan, RunContext run, SweepOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        var started = time.GetTimestamp();
        var stored = await store.LoadAsync(cancellationToken);
        foreach (var warning in stored.Warnings) Notify(new SweepWarning(warning));
        var resume = ResumePlan.Compute(plan, stored, options);
        var state = new SweepState(resume.ToRun.Count, options.MaxConsecutiveInfraErrors);
        if (resume.MustRefuse(options))
            return Finish(state.Summary(SweepStatus.Refused, plan.Cells.Count, resume, time.GetElapsedTime(started), resume.DescribeChanged()));

        Notify(new SweepStarted(resume, options.Concurrency, state.Progress()));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var toRun = resume.ToRun.Select(c => c.Id).ToHashSet();
        foreach (var group in plan.ByModel())
        {
            var cells = group.Cells.Where(c => toRun.Contains(c.Id)).ToList();
            if (cells.Count == 0 || stop.IsCancellationRequested) continue;
            Notify(new ModelStarting(group.Model, cells.Count));
            try
            {
                await StartModelAsync(group, stop.Token);
                // Warm-up attempts (repeat 0) all finish before any timed repeat of the model starts.
                foreach (var phase in new[] { cells.Where(c => c.IsWarmup).ToList(), cells.Where(c => !c.IsWarmup).ToList() })
                {
                    await Parallel.ForEachAsync(phase, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = stop.Token },
                        async (cell, token) => await RunCellAsync(cell, run, state, stop, token));
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Running cells were stored as interrupted; cells not started stay unrecorded and run on resume.
            }
            finally
            {
                await models.StopAsync(group.Model, CancellationToken.None);
                Notify(new ModelStopped(group.Model));
            }
        }
        if (state.AbortReason is { } reason)
            throw new SweepAbortedException(reason);
        var status = cancellationToken.IsCancellationRequested && state.Unfinished ? SweepStatus.Interrupted : SweepStatus.Completed;
        return Finish(state.Summary(status, plan.Cells.Count, resume, time.GetElapsedTime(started), null));
    }

    private async Task StartModelAsync(ModelGroup group, CancellationToken cancellationToken)
    {
        try
        {
            await models.StartAsync(group.Model, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new SweepAbortedException($"Model '{group.Model.Name}' could not be started, so the sweep stopped: {ex.Message}", ex);
        }
    }

    private async Task RunCellAsync(Cell cell, RunContext run, SweepState state, CancellationTokenSource stop, CancellationToken token)
    {
        Notify(() => new CellStarted(cell, state.CellStarted()));
        var started = time.GetTimestamp();
        var result = await pipeline.RunAsync(CellWork.Create(cell, run), token);
        // Stored even when cancelled: an interrupted line is what makes resume rerun the cell.
        await store.AppendAsync(result, CancellationToken.None);
        Notify(() => new CellFinished(cell, result, time.GetElapsedTime(started), state.CellFinished(result)));
        WarnOnVersionMismatch(result);
        if (state.AbortReason is not null) stop.Cancel();
    }

    // Flagged, not refused: the CLI that ran is what the cell measured, and the line says which it was.
    // One warning per harness and reported version: every cell of that image would repeat it.
    private void WarnOnVersionMismatch(CellResult result)
    {
        if (!result.HarnessVersionMismatch) return;
        lock (_gate)
        {
            if (!_versionWarnings.Add((result.Harness, result.HarnessVersionReported))) return;
            observer.OnEvent(new SweepWarning(
                $"harness '{result.Harness}': the installed CLI reports version {result.HarnessVersionReported}, but harness.yaml pins {result.HarnessVersion}; " +
                "its cells run and are graded, flagged harness_version_mismatch in results.jsonl and in the report (rebuild the image or fix the pin)"));
        }
    }

    private SweepSummary Finish(SweepSummary summary)
    {
        Notify(new SweepFinished(summary));
        return summary;
    }

    private void Notify(SweepEvent sweepEvent) => Notify(() => sweepEvent);

    // The event is built under the same lock as the observer call, so progress counts arrive in order.
    private void Notify(Func<SweepEvent> create)
    {
        lock (_gate) observer.OnEvent(create());
    }
}
