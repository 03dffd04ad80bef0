using HarnessBench.Core.Pipeline;
using HarnessBench.Docker.Images;

namespace HarnessBench.Cli.Hosting;

/// <summary>
/// Maps a task's toolchain name to its content-hashed image tag (hbench/python:1a2b...). Agent and
/// grader use the same toolchain image for now; harness layers join in with the harness issue.
/// </summary>
internal sealed class CatalogImageResolver(ImagePipeline images) : IImageResolver
{
    public Task<string> ResolveAsync(ImageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(images.ResolveTag(request.Toolchain));
    }
}
