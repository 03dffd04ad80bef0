using Microsoft.Extensions.Logging;

namespace HarnessBench.Docker;

/// <summary>The Swarm backend's log messages (event ids 1100-1199), in their own file of the project's one Log class.</summary>
internal static partial class Log
{
    [LoggerMessage(1100, LogLevel.Debug, "Cell {CellId}: created Swarm job {JobName} (service {ServiceId}) from {Image}")]
    public static partial void SwarmJobCreated(ILogger logger, string cellId, string jobName, string serviceId, string image);

    [LoggerMessage(1101, LogLevel.Warning, "Cell {CellId}: Swarm job {JobName} passed its {Timeout} timeout and was killed")]
    public static partial void SwarmJobTimedOut(ILogger logger, string cellId, string jobName, TimeSpan timeout);

    [LoggerMessage(1102, LogLevel.Information, "Cell {CellId}: Swarm job {JobName} exited {ExitCode} after {ProcessTime} (total {TotalTime})")]
    public static partial void SwarmJobFinished(ILogger logger, string cellId, string jobName, int? exitCode, TimeSpan processTime, TimeSpan totalTime);

    [LoggerMessage(1103, LogLevel.Information, "Cell {CellId}: cancelled, removing Swarm job {JobName}")]
    public static partial void SwarmJobCancelled(ILogger logger, string cellId, string jobName);

    [LoggerMessage(1104, LogLevel.Warning, "Cell {CellId}: could not remove Swarm {ObjectKind} {ObjectId}; the orphan reaper will retry")]
    public static partial void SwarmRemoveFailed(ILogger logger, Exception exception, string cellId, string objectKind, string objectId);

    [LoggerMessage(1105, LogLevel.Information, "Pushed image {Image} to the swarm's registry as {Reference} in {Elapsed}")]
    public static partial void SwarmImagePushed(ILogger logger, string image, string reference, TimeSpan elapsed);

    [LoggerMessage(1110, LogLevel.Information, "Reaped orphan Swarm {ObjectKind} {ObjectId} (run {RunId}, owner {Owner})")]
    public static partial void SwarmOrphanRemoved(ILogger logger, string objectKind, string objectId, string runId, string owner);

    [LoggerMessage(1111, LogLevel.Warning, "Could not reap Swarm {ObjectKind} {ObjectId}")]
    public static partial void SwarmOrphanRemoveFailed(ILogger logger, Exception exception, string objectKind, string objectId);
}
