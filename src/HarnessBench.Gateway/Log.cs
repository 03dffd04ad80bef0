using Microsoft.Extensions.Logging;

namespace HarnessBench.Gateway;

/// <summary>Source-generated log messages for the whole project (event ids 3000-3999). Never logs keys or bodies.</summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "Model gateway listening on {Endpoint}")]
    public static partial void Listening(ILogger logger, string endpoint);

    [LoggerMessage(3001, LogLevel.Debug, "Cell {CellId}: gateway session opened for model {Model} ({Kind})")]
    public static partial void SessionOpened(ILogger logger, string cellId, string model, string kind);

    [LoggerMessage(3002, LogLevel.Debug, "Cell {CellId}: gateway session closed after {Requests} request(s), {Errors} endpoint error(s)")]
    public static partial void SessionClosed(ILogger logger, string cellId, int requests, int errors);

    [LoggerMessage(3003, LogLevel.Debug, "Request for an unknown gateway token on {Path}")]
    public static partial void UnknownToken(ILogger logger, string path);

    [LoggerMessage(3010, LogLevel.Warning, "Cell {CellId}: upstream {Kind} error: {Message}")]
    public static partial void UpstreamError(ILogger logger, string cellId, string kind, string message);

    [LoggerMessage(3011, LogLevel.Debug, "Cell {CellId}: {Protocol} request {Status} in {DurationMs} ms, {PromptTokens}+{CompletionTokens} tokens")]
    public static partial void RequestFinished(ILogger logger, string cellId, string protocol, int status, long durationMs, long promptTokens, long completionTokens);

    [LoggerMessage(3020, LogLevel.Warning, "Cell {CellId}: could not write the gateway transcript")]
    public static partial void TranscriptFailed(ILogger logger, Exception exception, string cellId);
}
