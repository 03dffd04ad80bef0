using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;
using HarnessBench.Core.Tests.Support;

namespace HarnessBench.Core.Tests.Pipeline;

/// <summary>A real task on disk, one planned cell, the real pipeline over a fake container runtime.</summary>
internal sealed class PipelineHarness : IDisposable
{
    /// <param name="decoys">bench.yaml audit.decoys: off by default, so tests see only the copy-ins they are about.</param>
    public PipelineHarness(string harness = "nop", string taskYaml = "", HarnessRegistry? registry = null, string decoys = "off")
    {
        Registry = registry ?? HarnessRegistry.CreateWithBuiltIns();
        TaskDirectory = TestBench.WriteTask(Dir, "hello", taskYaml);
        var bench = TestBench.Load(Dir, $"name: p\nmodels: [{{ name: m, scripted: scripts/demo.yaml }}]\nharnesses: [{harness}]\ntimeouts: {{ agent: 10m, grader: 1m }}\naudit: {{ decoys: {decoys} }}\n", Registry);
        Cell = Planner.Expand(bench, Registry).Cells[0];
        Run = new RunContext("p", "session-1", bench.RunDirectory);
        Work = CellWork.Create(Cell, Run);
        Pipeline = CellPipeline.Create(Runtime, new FakeImageResolver(), Registry, Clock);
    }

    public TempDirectory Dir { get; } = new();

    public HarnessRegistry Registry { get; }

    public string TaskDirectory { get; }

    public Cell Cell { get; }

    public RunContext Run { get; }

    public CellWork Work { get; }

    public FakeContainerRuntime Runtime { get; } = new();

    public ManualTimeProvider Clock { get; } = new();

    public CellPipeline Pipeline { get; }

    public Task<CellResult> RunAsync(CancellationToken cancellationToken = default) => Pipeline.RunAsync(Work, cancellationToken);

    public void Dispose() => Dir.Dispose();
}
