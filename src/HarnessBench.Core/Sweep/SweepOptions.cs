namespace HarnessBench.Core.Sweep;

/// <summary>How a sweep treats earlier results and how hard it works.</summary>
public sealed record SweepOptions
{
    /// <summary>Cells running at the same time (the bench's concurrency unless overridden).</summary>
    public required int Concurrency { get; init; }

    /// <summary>Also rerun cells whose last result is an error (interrupted cells always rerun).</summary>
    public bool RerunErrors { get; init; }

    /// <summary>Also rerun cells whose last result is a fail (--rerun-failed: e.g. after fixing a flaky model server).</summary>
    public bool RerunFailed { get; init; }

    /// <summary>Run at most this many of the cells that need running (plan order); the rest wait for a later invocation.</summary>
    public int? Limit { get; init; }

    /// <summary>What to do with cells whose stored definition hash differs from the plan's.</summary>
    public ChangedCellPolicy ChangedCells { get; init; } = ChangedCellPolicy.Refuse;

    /// <summary>Stop the sweep after this many infra errors in a row (a dead engine would otherwise fail every cell).</summary>
    public int MaxConsecutiveInfraErrors { get; init; } = 3;
}

/// <summary>
/// Cells already in the results file whose definition changed since (bench.yaml, the task's
/// files, the harness version, limits or timeouts were edited). Mixing old and new definitions
/// in one run silently makes its numbers meaningless, so the default is to refuse.
/// </summary>
public enum ChangedCellPolicy
{
    /// <summary>Run nothing and report the changed cells (the Cli's default).</summary>
    Refuse,

    /// <summary>Run changed cells again with the new definition; their new line supersedes the old (--allow-changed).</summary>
    Rerun,

    /// <summary>Keep the old results and skip the changed cells (--keep-changed: e.g. only a comment moved).</summary>
    Keep,
}
