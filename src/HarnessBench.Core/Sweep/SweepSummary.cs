using HarnessBench.Core.Results;

namespace HarnessBench.Core.Sweep;

/// <summary>How a sweep ended.</summary>
public enum SweepStatus
{
    /// <summary>Every cell to run has a result.</summary>
    Completed,

    /// <summary>Cancelled (Ctrl-C): running cells were stored as interrupted; resume picks up the rest.</summary>
    Interrupted,

    /// <summary>Nothing ran: cells changed definition and the policy is refuse (see <see cref="SweepSummary.Message"/>).</summary>
    Refused,
}

/// <summary>The outcome of one sweep invocation (this session only; skipped cells are counted, not re-reported).</summary>
public sealed record SweepSummary(
    SweepStatus Status,
    int Planned,
    int Skipped,
    int Ran,
    int Passed,
    int Failed,
    IReadOnlyDictionary<ErrorKind, int> Errors,
    TimeSpan Elapsed,
    string? Message)
{
    public int ErrorCount => Errors.Values.Sum();
}

/// <summary>
/// The sweep stopped because the infrastructure is broken (several infra errors in a row, or the
/// model lifecycle failed). Results of finished cells are stored; resume continues after a fix.
/// </summary>
public sealed class SweepAbortedException : Exception
{
    public SweepAbortedException(string message, Exception? inner) : base(message, inner) { }

    public SweepAbortedException(string message) : base(message) { }

    public SweepAbortedException() { }
}
