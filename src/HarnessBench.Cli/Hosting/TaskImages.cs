using System.Collections.Concurrent;
using HarnessBench.Core.Tasks;
using HarnessBench.Docker.Images;

namespace HarnessBench.Cli.Hosting;

/// <summary>
/// Builds tasks' own images on first use (environment/Dockerfile, combined toolchains). A build that
/// fails makes the task unavailable for the rest of the process: every cell of it is stored as
/// <c>error: task-unavailable</c> with the build's reason, the failing build (often minutes of
/// retries against an unreachable package index) runs once, and the other tasks' cells run normally.
/// </summary>
internal sealed class TaskImages(ImagePipeline images)
{
    private readonly ConcurrentDictionary<string, string> _failed = new(StringComparer.Ordinal);

    /// <exception cref="TaskUnavailableException">The task's image could not be built here (now or earlier in this process).</exception>
    public async Task<HashedImage> EnsureAsync(TaskDefinition task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (_failed.TryGetValue(task.Id, out var earlier))
            throw new TaskUnavailableException(earlier);
        try
        {
            return await images.EnsureTaskImageAsync(TaskImageSpec.From(task), progress: null, cancellationToken);
        }
        catch (ImageBuildException ex)
        {
            var message = UnavailableMessage(task.Id, ex.Message);
            _failed.TryAdd(task.Id, message);
            throw new TaskUnavailableException(message, ex);
        }
    }

    /// <summary>The one line a result stores: which task, the build's own reason, and how to retry.</summary>
    public static string UnavailableMessage(string taskId, string buildError) =>
        $"task '{taskId}' is unavailable here: its image could not be built ({CatalogImageResolver.FirstLines(buildError)}). " +
        $"Fix the cause (or run where its package index is reachable), then `./hbench images build --tasks` and `./hbench run --rerun-errors`.";
}
