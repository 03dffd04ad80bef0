using HarnessBench.Docker;
using HarnessBench.Docker.Images;

namespace HarnessBench.Cli.Hosting;

/// <summary>Pre-flight shared by commands that need Docker: engine answers, images present (built if asked).</summary>
internal sealed class EngineCheck(DockerClient docker, ImagePipeline images)
{
    /// <summary>Pings the engine; a <see cref="DockerException"/> carries the fix-it message.</summary>
    public async Task<EngineVersion> RequireEngineAsync(CancellationToken cancellationToken)
    {
        await docker.PingAsync(cancellationToken);
        return await docker.VersionAsync(cancellationToken);
    }

    /// <summary>Builds the named images (and their parents) when missing or stale; unchanged ones cost a lookup.</summary>
    public async Task EnsureImagesAsync(IReadOnlyCollection<string> names, TextWriter output, CancellationToken cancellationToken)
    {
        var status = await images.GetStatusAsync(cancellationToken);
        // A combined toolchain ("python+c-cpp") needs each of its toolchains; its own image is built on demand.
        var needed = images.Catalog.WithAncestors([.. names.SelectMany(n => n.Split('+')).Distinct()]).Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var missing = status.Where(s => needed.Contains(s.Name) && s.State != ImageState.Present).Select(s => s.Name).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        output.WriteLine($"building missing image(s): {string.Join(", ", missing)} (content-hashed; later runs reuse them)");
        await images.BuildAsync(missing, force: false, new LineProgress(output), cancellationToken);
    }
}
