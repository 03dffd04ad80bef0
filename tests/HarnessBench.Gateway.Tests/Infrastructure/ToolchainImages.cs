using HarnessBench.Core.Pipeline;
using HarnessBench.Docker.Images;

namespace HarnessBench.Gateway.Tests.Infrastructure;

/// <summary>
/// The toolchain image of the current containers/ recipes (built by ./hbench images build) for agent
/// and grader alike: harnesses that need no harness layer (built-ins, the mini agent, bare, single-shot).
/// </summary>
internal sealed class ToolchainImages(ImagePipeline images) : IImageResolver
{
    public Task<string> ResolveAsync(ImageRequest request, CancellationToken cancellationToken) => Task.FromResult(images.ResolveTag(request.Toolchain));
}
