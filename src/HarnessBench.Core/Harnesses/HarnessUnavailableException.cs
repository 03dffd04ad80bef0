namespace HarnessBench.Core.Harnesses;

/// <summary>
/// The harness cannot run on this machine: its image layer could not be built (for example its
/// package index is unreachable). Its cells are stored as <c>error: harness-unavailable</c> with this
/// message, never dropped, and <c>--rerun-errors</c> retries them once the cause is fixed.
/// </summary>
public sealed class HarnessUnavailableException : Exception
{
    public HarnessUnavailableException()
    {
    }

    public HarnessUnavailableException(string message)
        : base(message)
    {
    }

    public HarnessUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
