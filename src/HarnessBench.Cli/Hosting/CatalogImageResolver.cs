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
/// (possibly minutes-long) failing build is not retried once per cell.
/// </summary>
internal sealed class CatalogImageResolver(ImagePipeline images, HarnessRegistry harnesses) : IImageResolver
{
    private readonly ConcurrentDictionary<string, string> _failedLayers = new(StringComparer.Ordinal);

    public async Task<string> ResolveAsync(ImageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Harness is not { } name || !harnesses.Names.Contains(name) || harnesses.Get(name) is not ILayeredHarness layered)
            return images.ResolveTag(request.Toolchain);
        if (_failedLayers.TryGetValue(layered.ImageLayer, out var earlier))
            throw new HarnessUnavailableException(earlier);
        try
        {
            return await images.EnsureCombinedAsync(request.Toolchain, layered.ImageLayer, progress: null, cancellationToken);
        }
        catch (ImageBuildException ex)
        {
            var message = $"harness '{name}' is unavailable: its image layer '{layered.ImageLayer}' could not be built ({FirstLines(ex.Message)}). " +
                $"Fix the cause, then `./hbench images build {layered.ImageLayer}` and `./hbench run --rerun-errors`.";
            _failedLayers.TryAdd(layered.ImageLayer, message);
            throw new HarnessUnavailableException(message, ex);
        }
    }

    // Build errors carry the tail of the build log; a result line needs the gist.
    private static string FirstLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var gist = string.Join(" | ", lines.Where(l => l.Contains("hbench:", StringComparison.Ordinal)).DefaultIfEmpty(lines.FirstOrDefault() ?? text).Take(3));
        return gist.Length <= 600 ? gist : gist[..600] + "...";
    }
}
