using System.Net;

namespace HarnessBench.Docker;

/// <summary>
/// A Docker engine operation failed. The message says what happened, how to fix it, then details.
/// </summary>
internal sealed class DockerException : Exception
{
    public DockerException() { }

    public DockerException(string message) : base(message) { }

    public DockerException(string message, Exception? innerException) : base(message, innerException) { }

    public DockerException(string message, HttpStatusCode statusCode, string? engineMessage, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        EngineMessage = engineMessage;
    }

    /// <summary>HTTP status the engine answered with, when it answered.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The engine's own error text (the "message" field of its error body).</summary>
    public string? EngineMessage { get; }

    /// <summary>True when the engine could not be reached at all (down, missing socket, permission denied).</summary>
    public bool EngineUnreachable { get; init; }
}
