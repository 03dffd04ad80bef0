using System.Collections.Concurrent;
using HarnessBench.Core.Config;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Sweep;

namespace HarnessBench.Core.Tests.Sweep;

/// <summary>In-memory stages: no files, no containers; the test scripts each cell's agent and grader.</summary>
internal sealed class FakeStages : IWorkspacePreparer, IAgentRunner, IGrader
{
    private int _running;
    private int _peak;

    public Func<Cell, CancellationToken, Task<ContainerRun>> Agent { get; set; } = (_, _) => Task.FromResult(Run(0));

    public Func<Cell, int> GraderExit { get; set; } = _ => 0;

    /// <summary>"agent:&lt;cell id&gt;" per agent run, in start order (shared with the lifecycle log).</summary>
    public ConcurrentQueue<string> Log { get; init; } = new();

    public int Peak => Volatile.Read(ref _peak);

    public int AgentRuns => Log.Count(l => l.StartsWith("agent:", StringComparison.Ordinal));

    public static ContainerRun Run(int? exitCode, bool timedOut = false) =>
        new("c", "sha256:img", exitCode, timedOut, false, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2));

    public Task<PrepareResult> PrepareAsync(CellWork work, CancellationToken cancellationToken) => Task.FromResult(new PrepareResult(0, 0, []));

    public async Task<AgentResult> RunAsync(CellWork work, CancellationToken cancellationToken)
    {
        Log.Enqueue($"agent:{work.Cell.Id.Value}");
        var running = Interlocked.Increment(ref _running);
        int peak;
        while ((peak = Volatile.Read(ref _peak)) < running && Interlocked.CompareExchange(ref _peak, running, peak) != peak)
        {
        }
        try
        {
            return new AgentResult("img", await Agent(work.Cell, cancellationToken));
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public GraderHeadStart Prepare(CellWork work, CancellationToken cancellationToken) => GraderHeadStart.None;

    public Task<GradeResult> GradeAsync(CellWork work, GraderHeadStart headStart, CancellationToken cancellationToken) =>
        Task.FromResult(new GradeResult("img", Run(GraderExit(work.Cell)), "", "") { Evidence = Support.FakeEvidence.Of(GraderExit(work.Cell) == 0) });
}

/// <summary>Logs start/stop and flags any cell that runs while its model is not the one up.</summary>
internal sealed class RecordingLifecycle(ConcurrentQueue<string> log) : IModelLifecycle
{
    public string? Up { get; private set; }

    public Func<ModelSpec, Task>? OnStart { get; set; }

    public Task StartAsync(ModelSpec model, CancellationToken cancellationToken)
    {
        Assert.Null(Up);
        log.Enqueue($"start:{model.Name}");
        Up = model.Name;
        return OnStart?.Invoke(model) ?? Task.CompletedTask;
    }

    public Task StopAsync(ModelSpec model, CancellationToken cancellationToken)
    {
        Assert.Equal(model.Name, Up);
        log.Enqueue($"stop:{model.Name}");
        Up = null;
        return Task.CompletedTask;
    }
}

internal sealed class RecordingObserver : ISweepObserver
{
    private int _inside;

    public List<SweepEvent> Events { get; } = [];

    public void OnEvent(SweepEvent sweepEvent)
    {
        Assert.Equal(1, Interlocked.Increment(ref _inside)); // the runner serializes calls
        Events.Add(sweepEvent);
        Interlocked.Decrement(ref _inside);
    }
}
