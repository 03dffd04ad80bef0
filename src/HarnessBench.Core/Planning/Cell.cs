using HarnessBench.Core.Audit.Decoys;
using HarnessBench.Core.Config;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Core.Planning;

/// <summary>One (model, harness, task, repeat) run with everything resolved: what actually runs.</summary>
/// <param name="Repeat">1-based; 0 is the discarded warm-up attempt (bench.yaml <c>warmup: true</c>).</param>
/// <param name="HarnessVersion">Recorded in results; null for built-in harnesses.</param>
/// <param name="Timeouts">Task timeouts over bench defaults.</param>
/// <param name="Limits">Task resources over bench sandbox limits, field by field.</param>
/// <param name="DefinitionHash">"sha256:..." over everything that defines the cell; a change means old results are stale.</param>
public sealed record Cell(
    CellId Id,
    ModelSpec Model,
    string Harness,
    string? HarnessVersion,
    TaskDefinition Task,
    int Repeat,
    CellTimeouts Timeouts,
    SandboxLimits Limits,
    string DefinitionHash)
{
    /// <summary>The grader-like directories the agent container holds (decoys, or the real task in the legacy layout); part of the definition hash.</summary>
    public DecoyLayout Decoys { get; init; } = DecoyLayout.Off;

    /// <summary>The bare loop's settings for <c>bare</c> cells (also recorded as their harness version); null for other harnesses.</summary>
    public Agents.BareOptions? Bare { get; init; }

    /// <summary>The discarded warm-up attempt that runs before repeat 1 (its result is stored, never reported).</summary>
    public bool IsWarmup => Repeat == 0;
}

/// <summary>The expanded sweep: cells ordered by model, then harness, task and repeat.</summary>
public sealed record Plan(string RunName, IReadOnlyList<Cell> Cells)
{
    /// <summary>Cells grouped by model in plan order (each group runs while its model is up).</summary>
    public IReadOnlyList<ModelGroup> ByModel() =>
        [.. Cells.GroupBy(c => c.Model.Name, StringComparer.Ordinal).Select(g => new ModelGroup(g.First().Model, [.. g]))];
}

/// <summary>All cells of one model, in plan order.</summary>
public sealed record ModelGroup(ModelSpec Model, IReadOnlyList<Cell> Cells);
