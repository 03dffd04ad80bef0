using HarnessBench.Core.Planning;
using HarnessBench.Core.Sweep;

namespace HarnessBench.Cli.Commands;

/// <summary>What `hbench run` was asked to do.</summary>
internal sealed record RunOptions(
    string BenchFile,
    string? RunName,
    int? Concurrency,
    bool RerunErrors,
    ChangedCellPolicy ChangedCells,
    bool Plain)
{
    public bool RerunFailed { get; init; }

    public int? Limit { get; init; }

    /// <summary>Slices of the plan (--only); empty = every cell.</summary>
    public IReadOnlyList<CellFilter> Only { get; init; } = [];

    /// <summary>Print what would run and why; run nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>A JSON summary on stdout (progress goes to stderr).</summary>
    public bool Json { get; init; }

    /// <summary>Also write the run's cells as JUnit XML here.</summary>
    public string? JUnitFile { get; init; }

    /// <summary>--backend: wins over the bench's <c>backend:</c>; null = the bench's.</summary>
    public Core.Runtime.ExecutionBackend? Backend { get; init; }
}
