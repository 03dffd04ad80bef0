using HarnessBench.Core.Sweep;

namespace HarnessBench.Cli.Commands;

/// <summary>What `hbench run` was asked to do.</summary>
internal sealed record RunOptions(
    string BenchFile,
    string? RunName,
    int? Concurrency,
    bool RerunErrors,
    ChangedCellPolicy ChangedCells,
    bool Plain);
