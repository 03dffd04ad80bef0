using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Pipeline;
using HarnessBench.Docker.Images;

namespace HarnessBench.Cli.Hosting;

/// <summary>
/// Maps a task's toolchain name to its content-hashed image tag (hbench/python:1a2b...). The grader
/// and the built-in harnesses use the toolchain image; a harness with an image layer (the agent
/// CLIs) runs on the toolchain combined with that layer, built on first use (hbench/python-agents:...).
/// </summary>
internal sealed class CatalogImageResolver(ImagePipeline images, HarnessRegistry harnesses) : IImageResolver
{
    public async Task<string> ResolveAsync(ImageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Harness is { } name && harnesses.Names.Contains(name) && harnesses.Get(name) is ILayeredHarness layered)
            return await images.EnsureCombinedAsync(request.Toolchain, layered.ImageLayer, progress: null, cancellationToken);
        return images.ResolveTag(request.Toolchain);
    }
}
