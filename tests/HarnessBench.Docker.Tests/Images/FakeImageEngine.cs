using System.Formats.Tar;
using HarnessBench.Docker.Images;

namespace HarnessBench.Docker.Tests.Images;

/// <summary>An in-memory engine: tags map to images; records every build, import and removal.</summary>
internal sealed class FakeImageEngine : IImageEngine
{
    private int _next;

    public Dictionary<string, EngineImage> Tags { get; } = new(StringComparer.Ordinal);

    public List<(string Tag, IReadOnlyDictionary<string, string> BuildArgs, IReadOnlyList<string> ContextFiles)> Builds { get; } = [];

    public List<(string Tag, IReadOnlyList<string> Changes, long Bytes)> Imports { get; } = [];

    public List<string> Removed { get; } = [];

    public HashSet<string> InUse { get; } = new(StringComparer.Ordinal);

    /// <summary>Builds of tags starting with one of these fail (recorded in <see cref="FailedBuilds"/>), like a layer whose package index is unreachable.</summary>
    public List<string> FailingTagPrefixes { get; } = [];

    /// <summary>Every failed build attempt's tag.</summary>
    public List<string> FailedBuilds { get; } = [];

    public Task<EngineImage?> InspectAsync(string reference, CancellationToken cancellationToken) =>
        Task.FromResult(Tags.GetValueOrDefault(reference));

    /// <summary>Untagged images (intermediate stages), listed only when no repository is given.</summary>
    public List<EngineImage> Untagged { get; } = [];

    public Task<IReadOnlyList<EngineImage>> ListAsync(string? repository, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<EngineImage>>(Tags
            .Where(t => repository is null || t.Key.StartsWith(repository + ":", StringComparison.Ordinal))
            .Select(t => t.Value)
            .Concat(repository is null ? Untagged : [])
            .Distinct().ToList());

    public async Task<string> BuildAsync(Stream context, string tag, IReadOnlyDictionary<string, string> buildArgs,
        IReadOnlyDictionary<string, string> labels, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        using (var reader = new TarReader(context, leaveOpen: true))
        {
            while (await reader.GetNextEntryAsync(cancellationToken: cancellationToken) is { } entry)
            {
                files.Add(entry.Name);
            }
        }

        if (buildArgs.TryGetValue(ImagePipeline.BaseBuildArgument, out var parent) && !Tags.ContainsKey(parent))
        {
            throw new InvalidOperationException($"BASE {parent} does not exist");
        }

        progress?.Report("Step 1/1 : FROM base\n");
        if (FailingTagPrefixes.Any(p => tag.StartsWith(p, StringComparison.Ordinal)))
        {
            FailedBuilds.Add(tag);
            await Task.Delay(50, cancellationToken); // a build takes time: concurrent callers queue behind it
            throw new DockerException($"The command '/bin/sh -c pip install' returned a non-zero code: 1 (hbench: cannot install {tag})");
        }

        Builds.Add((tag, buildArgs, files));
        return Add(tag, labels);
    }

    public async Task<string> ImportAsync(Stream rootfsTar, string tag, IReadOnlyList<string> changes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await rootfsTar.CopyToAsync(buffer, cancellationToken);
        Imports.Add((tag, changes, buffer.Length));
        var labels = changes.Where(c => c.StartsWith("LABEL ", StringComparison.Ordinal))
            .Select(c => c["LABEL ".Length..].Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        return Add(tag, labels);
    }

    public Task RemoveAsync(string reference, CancellationToken cancellationToken)
    {
        if (InUse.Contains(reference))
        {
            throw new DockerException($"conflict: {reference} is in use", System.Net.HttpStatusCode.Conflict, "in use");
        }

        Removed.Add(reference);
        Tags.Remove(reference);
        Untagged.RemoveAll(i => i.Id == reference);
        return Task.CompletedTask;
    }

    public string Add(string tag, IReadOnlyDictionary<string, string> labels)
    {
        var id = $"sha256:{++_next:x64}";
        Tags[tag] = new EngineImage(id, [tag], 1000 + _next, labels);
        return id;
    }
}

/// <summary>A rootfs builder that hands over a tiny tar instead of running debootstrap.</summary>
internal sealed class FakeRootfsBuilder : IRootfsBuilder
{
    public int Runs { get; private set; }

    public async Task BuildAsync(ImageDefinition image, Func<Stream, CancellationToken, Task> consumeTar,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        Runs++;
        progress?.Report("I: Retrieving InRelease");
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, leaveOpen: true))
        {
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "etc/"), cancellationToken);
        }

        tar.Position = 0;
        await consumeTar(tar, cancellationToken);
    }
}
