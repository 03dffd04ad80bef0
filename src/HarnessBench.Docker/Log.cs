using Microsoft.Extensions.Logging;

namespace HarnessBench.Docker;

/// <summary>Source-generated log messages for the whole project (event ids 1000-1999).</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Debug, "Docker engine refused {Operation}: HTTP {StatusCode} {EngineMessage}")]
    public static partial void EngineRequestFailed(ILogger logger, string operation, int statusCode, string? engineMessage);

    [LoggerMessage(1001, LogLevel.Warning, "Docker engine warning for container {ContainerId}: {Warning}")]
    public static partial void EngineWarning(ILogger logger, string containerId, string warning);

    [LoggerMessage(1010, LogLevel.Debug, "Cell {CellId}: created container {ContainerId} from {Image}")]
    public static partial void ContainerCreated(ILogger logger, string cellId, string containerId, string image);

    [LoggerMessage(1011, LogLevel.Warning, "Cell {CellId}: container {ContainerId} passed its {Timeout} timeout and was killed")]
    public static partial void ContainerTimedOut(ILogger logger, string cellId, string containerId, TimeSpan timeout);

    [LoggerMessage(1012, LogLevel.Warning, "Cell {CellId}: container {ContainerId} was OOM-killed")]
    public static partial void ContainerOomKilled(ILogger logger, string cellId, string containerId);

    [LoggerMessage(1013, LogLevel.Information, "Cell {CellId}: container {ContainerId} exited {ExitCode} after {ProcessTime} (total {TotalTime})")]
    public static partial void ContainerFinished(ILogger logger, string cellId, string containerId, int? exitCode, TimeSpan processTime, TimeSpan totalTime);

    [LoggerMessage(1014, LogLevel.Warning, "Cell {CellId}: container {ContainerId} {StreamName} truncated, {DroppedBytes} bytes dropped")]
    public static partial void ContainerLogTruncated(ILogger logger, string cellId, string containerId, string streamName, long droppedBytes);

    [LoggerMessage(1015, LogLevel.Warning, "Cell {CellId}: could not remove container {ContainerId}; the orphan reaper will retry")]
    public static partial void ContainerRemoveFailed(ILogger logger, Exception exception, string cellId, string containerId);

    [LoggerMessage(1016, LogLevel.Information, "Cell {CellId}: cancelled, killing container {ContainerId}")]
    public static partial void ContainerCancelled(ILogger logger, string cellId, string containerId);

    [LoggerMessage(1017, LogLevel.Warning, "Cell {CellId}: container {ContainerId} has no {ContainerPath} to copy out; leaving {HostDirectory} empty")]
    public static partial void CopyOutMissing(ILogger logger, string cellId, string containerId, string containerPath, string hostDirectory);

    [LoggerMessage(1030, LogLevel.Information, "Reaped orphan container {ContainerId} (run {RunId}, owner {Owner})")]
    public static partial void OrphanContainerRemoved(ILogger logger, string containerId, string runId, string owner);

    [LoggerMessage(1031, LogLevel.Information, "Reaped orphan network {NetworkId} (run {RunId}, owner {Owner})")]
    public static partial void OrphanNetworkRemoved(ILogger logger, string networkId, string runId, string owner);

    [LoggerMessage(1032, LogLevel.Warning, "Could not reap {ObjectKind} {ObjectId}")]
    public static partial void OrphanRemoveFailed(ILogger logger, Exception exception, string objectKind, string objectId);

    [LoggerMessage(1050, LogLevel.Debug, "Started {FileName} as pid {Pid}")]
    public static partial void ProcessStarted(ILogger logger, string fileName, int pid);

    [LoggerMessage(1051, LogLevel.Warning, "{FileName} (pid {Pid}) passed its {Timeout} timeout; terminating its process tree")]
    public static partial void ProcessTimedOut(ILogger logger, string fileName, int pid, TimeSpan timeout);

    [LoggerMessage(1052, LogLevel.Warning, "{FileName} (pid {Pid}) did not exit within {GracePeriod} of its stop signal ({Signal}); sending SIGKILL")]
    public static partial void ProcessKilled(ILogger logger, string fileName, int pid, Processes.ProcessSignal signal, TimeSpan gracePeriod);
}
