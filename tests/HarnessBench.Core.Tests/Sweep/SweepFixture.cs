using System.Collections.Concurrent;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;
using HarnessBench.Core.Sweep;
using HarnessBench.Core.Tests.Support;

namespace HarnessBench.Core.Tests.Sweep;

/// <summary>A plan on disk, a real JSONL store, and fake stages; each RunAsync is one "hbench run" invocation.</summary>
internal sealed class SweepFixture : IDisposable
{
    public SweepFixture(int models = 2, int tasks = 3, int repeats = 1)
    {
        Plan = TestBench.Plan(Dir, models, tasks, repeats);
        Run = new RunContext(Plan.RunName, "s", Dir.Combine("results", Plan.RunName));
        Stages = new FakeStages { Log = Log };
        Lifecycle = new RecordingLifecycle(Log);
    }

    public TempDirectory Dir { get; } = new();

    public Plan Plan { get; set; }

    public RunContext Run { get; }

    public ConcurrentQueue<string> Log { get; } = new();

    public FakeStages Stages { get; }

    public RecordingLifecycle Lifecycle { get; }

    public RecordingObserver Observer { get; private set; } = new();

    public string ResultsFile => Path.Combine(Run.RunDirectory, JsonlResultStore.FileName);

    public async Task<SweepSummary> RunAsync(SweepOptions? options = null, CancellationToken cancellationToken = default)
    {
        Observer = new RecordingObserver();
        using var store = JsonlResultStore.Open(Run.RunDirectory);
        var runner = new SweepRunner(new CellPipeline(Stages, Stages, Stages, TimeProvider.System), store, Lifecycle, Observer, TimeProvider.System);
        return await runner.RunAsync(Plan, Run, options ?? new SweepOptions { Concurrency = 2 }, cancellationToken);
    }

    public IReadOnlyList<CellResult> Lines() =>
        [.. File.ReadAllLines(ResultsFile).Select(l => HarnessBench.Core.Results.ResultJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(l)))];

    public void Dispose() => Dir.Dispose();
}
