using Docker.DotNet.Models;
using HarnessBench.Docker.Swarm;

namespace HarnessBench.Gateway.Tests.Swarm;

internal static class SwarmImages
{
    /// <summary>The newest hbench/python image (./hbench images build makes it).</summary>
    public static async Task<string> PythonAsync(SwarmEngines engines, CancellationToken ct)
    {
        var images = await engines.Manager.Images.ListImagesAsync(new ImagesListParameters(), ct);
        return images.OrderByDescending(i => i.Created).SelectMany(i => i.RepoTags ?? []).FirstOrDefault(t => t.StartsWith("hbench/python:", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("no hbench/python image: run ./hbench images build");
    }
}
