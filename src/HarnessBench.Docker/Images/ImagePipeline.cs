using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Processes;

namespace HarnessBench.Docker.Images;

/// <summary>
/// Builds the catalog's images in dependency order, only those whose content-hash tag is missing
/// (a second run with nothing changed only inspects tags), reports their state, and removes
/// older tags on request. Rootfs images start from a debootstrap tree imported into the engine
/// (tagged hbench/&lt;name&gt;-rootfs:&lt;hash&gt;, kept so that a Dockerfile change does not re-run
/// debootstrap); every other image gets its parent's content-hash tag as the BASE build argument.
/// </summary>
internal sealed partial class ImagePipeline(ImageCatalog catalog, IImageEngine engine, IRootfsBuilder rootfs, TimeProvider? time = null)
{
    public const string BaseBuildArgument = "BASE";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    // Builds that failed in this process, by tag: a layer whose package index is unreachable fails
    // after minutes of retries, and every cell of its harness would otherwise run that build again
    // (concurrent cells too: they queue on the build lock and find the tag still missing).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ImageBuildException> _failed = new(StringComparer.Ordinal);

    public ImageCatalog Catalog => catalog;

    /// <summary>
    /// The pipeline for the checkout at <paramref name="home"/> (containers/, scripts/) on the real
    /// engine. The Debian mirror is <paramref name="debianMirror"/>, else $HBENCH_DEBIAN_MIRROR, else
    /// the one in the host's apt sources.
    /// </summary>
    public static ImagePipeline Create(string home, DockerClient docker, ProcessLauncher processes, string? debianMirror = null)
    {
        var host = ImageHostInputs.ForHome(home);
        var catalog = ImageCatalog.Load(Path.Combine(home, "containers"), host);
        var mirror = debianMirror ?? Environment.GetEnvironmentVariable(DebootstrapRootfsBuilder.MirrorVariable);
        var rootfs = new DebootstrapRootfsBuilder(processes, host.RootfsScriptPath, string.IsNullOrWhiteSpace(mirror) ? null : mirror);
        return new ImagePipeline(catalog, new DockerImageEngine(docker), rootfs);
    }

    /// <summary>The tag of image <paramref name="name"/> built from the current inputs (it may not exist yet).</summary>
    public string ResolveTag(string name) => catalog.ResolveTag(name);

    /// <summary>Every catalog image's state, parents first.</summary>
    public async Task<IReadOnlyList<ImageStatus>> GetStatusAsync(CancellationToken cancellationToken)
    {
        var statuses = new List<ImageStatus>();
        foreach (var image in catalog.Images)
        {
            var hash = catalog.GetHash(image.Name);
            var tag = ImageTags.Tag(image.Name, hash);
            var current = await FindCurrentAsync(tag, hash, cancellationToken);
            if (current is not null)
            {
                statuses.Add(new ImageStatus(image.Name, tag, hash, ImageState.Present, current.Id, current.SizeBytes) { OnDemand = image.OnDemand });
                continue;
            }

            var older = await engine.ListAsync(ImageTags.Repository(image.Name), cancellationToken);
            statuses.Add(new ImageStatus(image.Name, tag, hash, older.Count > 0 ? ImageState.Stale : ImageState.Missing, null, null) { OnDemand = image.OnDemand });
        }

        return statuses;
    }

    /// <summary>
    /// Builds <paramref name="names"/> (none = all) and the ancestors they need, skipping every image
    /// whose current tag exists. <paramref name="force"/> rebuilds the named images (all when none
    /// are named) even so; for a rootfs image that includes a fresh debootstrap.
    /// </summary>
    public async Task<IReadOnlyList<ImageBuildResult>> BuildAsync(IReadOnlyList<string> names, bool force,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var plan = catalog.WithAncestors(names);
        var forced = new HashSet<string>(force ? (names.Count == 0 ? plan.Select(i => i.Name) : names) : [], StringComparer.Ordinal);
        var results = new List<ImageBuildResult>();
        foreach (var image in plan)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = _time.GetTimestamp();
            var hash = catalog.GetHash(image.Name);
            var tag = ImageTags.Tag(image.Name, hash);
            var existing = forced.Contains(image.Name) ? null : await FindCurrentAsync(tag, hash, cancellationToken);
            if (existing is not null)
            {
                progress?.Report($"{image.Name}: up to date ({tag})");
                results.Add(new ImageBuildResult(image.Name, tag, existing.Id, Built: false, _time.GetElapsedTime(started)));
                continue;
            }

            progress?.Report($"{image.Name}: building {tag}");
            var id = await Remembered(tag, () => BuildOneAsync(image, hash, tag, forced.Contains(image.Name), progress, cancellationToken));
            var elapsed = _time.GetElapsedTime(started);
            progress?.Report($"{image.Name}: built {tag} in {elapsed.TotalSeconds:0.0}s");
            results.Add(new ImageBuildResult(image.Name, tag, id, Built: true, elapsed));
        }

        return results;
    }

    /// <summary>
    /// Removes the hbench/&lt;name&gt; tags (and rootfs tags) other than the current ones, for
    /// <paramref name="names"/> (none = all, which also removes untagged images that carry our
    /// labels: multi-stage leftovers such as node's fetch stage, and images a forced rebuild
    /// untagged). Never called by a build. What the engine refuses to remove (an image in use
    /// by a container) is reported and kept.
    /// </summary>
    /// <returns>The tags (and untagged image ids) removed.</returns>
    public async Task<IReadOnlyList<string>> PruneAsync(IReadOnlyList<string> names, IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        var removed = new List<string>();
        var images = names.Count == 0 ? catalog.Images : names.Select(catalog.Get).ToList();
        foreach (var image in images)
        {
            var keep = new List<(string Repository, string Tag)> { (ImageTags.Repository(image.Name), catalog.ResolveTag(image.Name)) };
            if (image.IsRootfs)
            {
                keep.Add((ImageTags.Repository(image.RootfsName), catalog.ResolveRootfsTag(image)));
            }

            foreach (var (repository, current) in keep)
            {
                foreach (var found in await engine.ListAsync(repository, cancellationToken))
                {
                    foreach (var tag in found.Tags.Where(t => t.StartsWith(repository + ":", StringComparison.Ordinal) && t != current))
                    {
                        await TryRemoveAsync(tag, removed, progress, cancellationToken);
                    }
                }
            }
        }

        if (names.Count == 0)
        {
            foreach (var untagged in (await engine.ListAsync(null, cancellationToken))
                .Where(i => i.Labels.ContainsKey(ManagedLabels.Image) && i.Tags.All(t => t == "<none>:<none>")))
            {
                await TryRemoveAsync(untagged.Id, removed, progress, cancellationToken);
            }
        }

        return removed;
    }

    private async Task TryRemoveAsync(string reference, List<string> removed, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        try
        {
            await engine.RemoveAsync(reference, cancellationToken);
            removed.Add(reference);
            progress?.Report($"removed {reference}");
        }
        catch (DockerException ex) when (!ex.EngineUnreachable)
        {
            progress?.Report($"kept {reference}: {ex.Message}");
        }
    }

    /// <summary>
    /// Runs <paramref name="build"/> unless <paramref name="tag"/> already failed in this process, in which
    /// case the first failure is thrown again at once. An unreachable engine is not remembered: it is
    /// not the image's fault, and the next attempt may find it back.
    /// </summary>
    private async Task<string> Remembered(string tag, Func<Task<string>> build)
    {
        if (_failed.TryGetValue(tag, out var earlier))
            throw new ImageBuildException($"{earlier.Message} (not retried: this build already failed in this process)", earlier);
        try
        {
            return await build();
        }
        catch (ImageBuildException ex) when (ex.InnerException is not DockerException { EngineUnreachable: true })
        {
            _failed.TryAdd(tag, ex);
            throw;
        }
    }

    private async Task<string> BuildOneAsync(ImageDefinition image, string hash, string tag, bool force,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        try
        {
            var buildArgs = new Dictionary<string, string>(StringComparer.Ordinal);
            if (image.IsRootfs)
            {
                buildArgs[BaseBuildArgument] = await EnsureRootfsAsync(image, force, progress, cancellationToken);
            }
            else if (image.Parent is not null)
            {
                buildArgs[BaseBuildArgument] = catalog.ResolveTag(image.Parent);
            }

            using var context = new MemoryStream();
            await catalog.GetContext(image.Name).WriteTarAsync(context, cancellationToken);
            context.Position = 0;
            return await engine.BuildAsync(context, tag, buildArgs, ImageTags.Labels(image.Name, hash),
                Prefixed(progress, image.Name), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ImageBuildException)
        {
            throw new ImageBuildException(
                $"Building image '{image.Name}' ({tag}) failed. Fix the cause below (the build output above shows the failing step), " +
                $"then run `hbench images build {image.Name}` again. Details: {ex.Message}", ex);
        }
    }

    private async Task<string> EnsureRootfsAsync(ImageDefinition image, bool force, IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        var hash = catalog.GetRootfsHash(image);
        var tag = ImageTags.Tag(image.RootfsName, hash);
        if (!force && await FindCurrentAsync(tag, hash, cancellationToken) is not null)
        {
            progress?.Report($"{image.Name}: rootfs up to date ({tag})");
            return tag;
        }

        var started = _time.GetTimestamp();
        progress?.Report($"{image.Name}: building the rootfs with debootstrap ({tag})");
        List<string> changes =
        [
            "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            .. ImageTags.Labels(image.RootfsName, hash).Select(l => $"LABEL {l.Key}={l.Value}"),
            "CMD [\"/bin/bash\"]",
        ];
        await rootfs.BuildAsync(image, (tar, ct) => engine.ImportAsync(tar, tag, changes, ct),
            Prefixed(progress, image.RootfsName), cancellationToken);
        progress?.Report($"{image.Name}: rootfs imported as {tag} in {_time.GetElapsedTime(started).TotalSeconds:0.0}s");
        return tag;
    }

    // A tag whose image carries another content hash (retagged by hand) does not count as built.
    private async Task<EngineImage?> FindCurrentAsync(string tag, string hash, CancellationToken cancellationToken)
    {
        var image = await engine.InspectAsync(tag, cancellationToken);
        return image is not null && image.Labels.TryGetValue(ManagedLabels.ContentHash, out var label) && label == hash ? image : null;
    }

    private static Progress? Prefixed(IProgress<string>? progress, string name) => progress is null ? null : new Progress(progress, name);

    private sealed class Progress(IProgress<string> inner, string name) : IProgress<string>
    {
        public void Report(string value)
        {
            foreach (var line in value.Split('\n'))
            {
                var trimmed = line.TrimEnd('\r', ' ');
                if (trimmed.Length > 0)
                {
                    inner.Report($"  [{name}] {trimmed}");
                }
            }
        }
    }
}
