namespace HarnessBench.Gateway.Probing;

/// <summary>Why a probe could not measure.</summary>
internal enum ProbeFailure
{
    /// <summary>The endpoint did not answer (connection refused, DNS, timeout).</summary>
    Unreachable,

    /// <summary>The endpoint answered with an HTTP error status.</summary>
    HttpError,

    /// <summary>The answer was not a usable stream (no tokens, an error event, cut short).</summary>
    BadStream,
}

/// <summary>A probe that cannot produce honest figures; the message says what happened and how to fix it.</summary>
internal sealed class ProbeException(ProbeFailure failure, string message) : Exception(message)
{
    public ProbeFailure Failure => failure;
}
