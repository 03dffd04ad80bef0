using System.Collections.Concurrent;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Pipeline;
using HarnessBench.Docker.Images;

namespace HarnessBench.Cli.Hosting;

/// <summary>
/// Maps a task's toolchain name to its content-hashed image tag (hbench/python:1a2b...). The grader
/// and the built-in harnesses use the toolchain image; a harness with an image layer (the agent
/// CLIs) runs on the toolchain combined with that layer, built on first use (hbench/python-agents:...).
/// A layer that fails to build makes its harness unavailable for the rest of the process: every
/// cell of it is stored as <c>error: harness-unavailable</c> with the build's message, and the
/// (possibly minutes-long) failing build is not retried once per cell. A task with its own image
/// (environment/Dockerfile or combined toolchains) runs on it, and with a harness layer on that image
/// combined with the layer; a task image that cannot be built makes the task unavailable the same way
/// (<see cref="TaskImages"/>).
/// </summary>
internal sealed partial class CatalogImageResolver(ImagePipeline images, HarnessRegistry harnesses) : IImageResolver
{
    private readonly ConcurrentDictionary<string, string> _failedLayers = new(StringComparer.Ordinal);
    private readonly TaskImages _taskImages = new(images);

    public async Task<string> ResolveAsync(ImageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var taskImage = request.Task is { } task ? await _taskImages.EnsureAsync(task, cancellationToken) : null;
        if (request.Harness is not { } name || !harnesses.Names.Contains(name) || harnesses.Get(name) is not ILayeredHarness layered)
            return taskImage?.Tag ?? images.ResolveTag(request.Toolchain);
        if (_failedLayers.TryGetValue(layered.ImageLayer, out var earlier))
            throw new HarnessUnavailableException(earlier);
        try
        {
            return taskImage is null
                ? await images.EnsureCombinedAsync(request.Toolchain, layered.ImageLayer, progress: null, cancellationToken)
                : await images.EnsureCombinedAsync(taskImage, layered.ImageLayer, progress: null, cancellationToken);
        }
        catch (ImageBuildException ex)
        {
            var message = $"harness '{name}' is unavailable: its image layer '{layered.ImageLayer}' could not be built ({FirstLines(ex.Message)}). " +
                $"Fix the cause, then `./hbench images build {layered.ImageLayer}` and `./hbench run --rerun-errors`.";
            _failedLayers.TryAdd(layered.ImageLayer, message);
            throw new HarnessUnavailableException(message, ex);
        }
    }

    // Build errors carry the tail of the build log; a result line needs the gist. A layer's own
    // explanation is a line it printed starting with "hbench:" (the failing RUN's command text also
    // contains that string, unexpanded, so lines that merely contain it come second).
    internal static string FirstLines(string text)
    {
        // The engine colours a RUN step's stderr (ESC[91m ... ESC[0m): the codes are not the message.
        text = AnsiColour().Replace(text, "");
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var own = lines.Where(l => l.StartsWith("hbench:", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        var gist = own.Count > 0
            ? string.Join(" | ", own.Take(3))
            : string.Join(" | ", lines.Where(l => l.Contains("hbench:", StringComparison.Ordinal)).DefaultIfEmpty(lines.FirstOrDefault() ?? text).Take(3));
        return gist.Length <= 600 ? gist : gist[..600] + "...";
    }

    [System.Text.RegularExpressions.GeneratedRegex("\u001b\\[[0-9;]*m")]
    private static partial System.Text.RegularExpressions.Regex AnsiColour();
}
