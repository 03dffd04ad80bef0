using HarnessBench.Core.Config;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;

namespace HarnessBench.Core.Sweep;

/// <summary>
/// Receives sweep progress (the Cli renders it). Calls are serialized by the runner, so an
/// implementation needs no locking, but it must be quick: cells wait while it runs.
/// </summary>
public interface ISweepObserver
{
    void OnEvent(SweepEvent sweepEvent);
}

/// <summary>Base of everything an observer is told.</summary>
public abstract record SweepEvent;

/// <summary>The resume decision is made; <paramref name="Progress"/> counts the cells about to run.</summary>
public sealed record SweepStarted(ResumePlan Resume, int Concurrency, SweepProgress Progress) : SweepEvent;

/// <summary>Something the user should know that does not stop the sweep (e.g. a repaired results file).</summary>
public sealed record SweepWarning(string Message) : SweepEvent;

public sealed record ModelStarting(ModelSpec Model, int CellsToRun) : SweepEvent;

public sealed record ModelStopped(ModelSpec Model) : SweepEvent;

public sealed record CellStarted(Cell Cell, SweepProgress Progress) : SweepEvent;

/// <param name="Result">Already stored when this event is raised.</param>
public sealed record CellFinished(Cell Cell, CellResult Result, TimeSpan Elapsed, SweepProgress Progress) : SweepEvent;

public sealed record SweepFinished(SweepSummary Summary) : SweepEvent;

/// <summary>Counts over the cells this sweep runs (skipped cells are not included).</summary>
public sealed record SweepProgress(int Total, int Started, int Finished, int Passed, int Failed, int Errors)
{
    public int Running => Started - Finished;
}

/// <summary>An observer that ignores everything.</summary>
public sealed class NullSweepObserver : ISweepObserver
{
    public static NullSweepObserver Instance { get; } = new();

    public void OnEvent(SweepEvent sweepEvent)
    {
    }
}
