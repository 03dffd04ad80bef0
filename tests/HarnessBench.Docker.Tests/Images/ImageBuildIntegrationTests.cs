using System.Diagnostics;
using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Images;

namespace HarnessBench.Docker.Tests.Images;

/// <summary>The pipeline against the real engine, on a tiny throwaway image FROM the real base.</summary>
[Collection(DockerImagesGroup.Name)]
public sealed class ImageBuildIntegrationTests(ImagesFixture fixture) : IDisposable
{
    private readonly TempDirectory _tree = new();
    private readonly List<string> _tags = [];

    public void Dispose()
    {
        foreach (var tag in _tags)
        {
            try
            {
                fixture.Docker.RemoveImageAsync(tag, force: true, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (DockerException)
            {
                // No engine (the test was skipped) or the image is in use: nothing to clean here.
            }
        }

        _tree.Dispose();
    }

    /// <summary>What the pipelines of this test asked the engine to build or import (the truth a skipped build is checked against).</summary>
    private readonly CountingImageEngine _engine = new(new DockerImageEngine(fixture.Docker));

    private ImagePipeline PipelineFor(ImageCatalog catalog) => new(catalog, _engine,
        new DebootstrapRootfsBuilder(fixture.Processes, ImageHostInputs.ForHome(fixture.Home).RootfsScriptPath));

    private void CopyShippedBase()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(fixture.Home, "containers", "base")))
        {
            _tree.Write(Path.Combine("containers", "base", Path.GetFileName(file)), File.ReadAllText(file));
        }
    }

    /// <summary>A containers/ tree with the real base and a "tiny" image unique to this test run.</summary>
    private ImagePipeline TinyPipeline(string variant)
    {
        CopyShippedBase();
        _tree.Write("containers/probe/tiny/Dockerfile",
            $"ARG BASE\nFROM ${{BASE}}\nLABEL io.harnessbench.test-run=\"{variant}\"\nRUN test -x /usr/bin/socat\n");
        var catalog = ImageCatalog.Load(_tree.Combine("containers"), ImageHostInputs.ForHome(fixture.Home));
        _tags.Add(catalog.ResolveTag("tiny"));
        return PipelineFor(catalog);
    }

    [DockerFact]
    public async Task The_base_builds_on_a_host_without_extra_CA_certificates_reusing_the_rootfs()
    {
        CopyShippedBase();
        var host = ImageHostInputs.ForHome(fixture.Home) with { ExtraCaDirectory = _tree.Combine("no-extra-ca") };
        var pipeline = PipelineFor(ImageCatalog.Load(_tree.Combine("containers"), host));
        var tag = pipeline.ResolveTag("base");
        if (tag != fixture.Pipeline.ResolveTag("base"))
        {
            _tags.Add(tag); // never remove the real base (same tag when this host has no extra CAs either)
        }

        var result = Assert.Single(await pipeline.BuildAsync(["base"], force: false, null, CancellationToken.None));
        var (exit, output) = await ImagesFixture.RunAsync(tag, "command -v socat && test -z \"$(ls -A /usr/local/share/ca-certificates)\" && echo NO-EXTRA-CA");

        Assert.Equal(fixture.Pipeline.Catalog.ResolveRootfsTag(fixture.Pipeline.Catalog.Get("base")),
            pipeline.Catalog.ResolveRootfsTag(pipeline.Catalog.Get("base")));
        Assert.True(exit == 0, output);
        Assert.Contains("NO-EXTRA-CA", output, StringComparison.Ordinal);
        Assert.Equal(tag, result.Tag);
    }

    [DockerFact]
    public async Task The_build_is_skipped_when_the_content_hash_tag_exists()
    {
        var pipeline = TinyPipeline(Guid.NewGuid().ToString("N"));
        Assert.Equal(fixture.Pipeline.ResolveTag("base"), pipeline.ResolveTag("base"));

        var first = await pipeline.BuildAsync(["tiny"], force: false, null, CancellationToken.None);
        int buildsAfterFirst = _engine.Builds;
        int importsAfterFirst = _engine.Imports;
        var watch = Stopwatch.StartNew();
        var second = await pipeline.BuildAsync(["tiny"], force: false, null, CancellationToken.None);
        watch.Stop();

        Assert.False(first.Single(r => r.Name == "base").Built);
        Assert.True(first.Single(r => r.Name == "tiny").Built);
        Assert.Equal((1, 0), (buildsAfterFirst, importsAfterFirst)); // tiny built; the existing base neither rebuilt nor re-imported
        Assert.All(second, r => Assert.False(r.Built));
        // Skipped means the engine was asked for nothing but tags: no build, no rootfs import.
        Assert.Equal((buildsAfterFirst, importsAfterFirst), (_engine.Builds, _engine.Imports));
        Assert.Equal(first.Single(r => r.Name == "tiny").ImageId, second.Single(r => r.Name == "tiny").ImageId);
        // A hang guard, not a measurement: the engine calls above say whether anything was built.
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(2), $"a no-op build took {watch.Elapsed}");

        var image = await fixture.Docker.InspectImageAsync(pipeline.ResolveTag("tiny"), CancellationToken.None);
        Assert.NotNull(image);
        Assert.Equal(pipeline.Catalog.GetHash("tiny"), image.Labels[ManagedLabels.ContentHash]);
        Assert.Equal("tiny", image.Labels[ManagedLabels.Image]);
    }

    [DockerFact]
    public async Task A_changed_image_is_stale_until_rebuilt_and_prune_removes_only_the_older_tag()
    {
        var run = Guid.NewGuid().ToString("N");
        var v1 = TinyPipeline(run + "-1");
        await v1.BuildAsync(["tiny"], force: false, null, CancellationToken.None);
        var v2 = TinyPipeline(run + "-2");

        Assert.Equal(ImageState.Stale, (await v2.GetStatusAsync(CancellationToken.None)).Single(s => s.Name == "tiny").State);
        await v2.BuildAsync(["tiny"], force: false, null, CancellationToken.None);
        var removed = await v2.PruneAsync(["tiny"], null, CancellationToken.None);

        Assert.Contains(v1.ResolveTag("tiny"), removed);
        Assert.DoesNotContain(v2.ResolveTag("tiny"), removed);
        Assert.Null(await fixture.Docker.InspectImageAsync(v1.ResolveTag("tiny"), CancellationToken.None));
        Assert.NotNull(await fixture.Docker.InspectImageAsync(v2.ResolveTag("tiny"), CancellationToken.None));
        Assert.NotNull(await fixture.Docker.InspectImageAsync(v2.ResolveTag("base"), CancellationToken.None));
    }
}

/// <summary>The real engine, counting the builds and imports asked of it.</summary>
internal sealed class CountingImageEngine(IImageEngine inner) : IImageEngine
{
    private int _builds;
    private int _imports;

    public int Builds => Volatile.Read(ref _builds);

    public int Imports => Volatile.Read(ref _imports);

    public Task<EngineImage?> InspectAsync(string reference, CancellationToken cancellationToken) => inner.InspectAsync(reference, cancellationToken);

    public Task<IReadOnlyList<EngineImage>> ListAsync(string? repository, CancellationToken cancellationToken) => inner.ListAsync(repository, cancellationToken);

    public Task<string> BuildAsync(Stream context, string tag, IReadOnlyDictionary<string, string> buildArgs,
        IReadOnlyDictionary<string, string> labels, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _builds);
        return inner.BuildAsync(context, tag, buildArgs, labels, progress, cancellationToken);
    }

    public Task<string> ImportAsync(Stream rootfsTar, string tag, IReadOnlyList<string> changes, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _imports);
        return inner.ImportAsync(rootfsTar, tag, changes, cancellationToken);
    }

    public Task RemoveAsync(string reference, CancellationToken cancellationToken) => inner.RemoveAsync(reference, cancellationToken);
}
