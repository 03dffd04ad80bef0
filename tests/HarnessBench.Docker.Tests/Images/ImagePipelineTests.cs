using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Images;

namespace HarnessBench.Docker.Tests.Images;

public sealed class ImagePipelineTests : IDisposable
{
    private readonly TempDirectory _tree = new();
    private readonly FakeImageEngine _engine = new();
    private readonly FakeRootfsBuilder _rootfs = new();
    private readonly List<string> _progress = [];

    public ImagePipelineTests()
    {
        _tree.Write("scripts/build-base-rootfs.sh", "#!/bin/sh\n", TempDirectory.Executable);
        _tree.Write("containers/base/rootfs.conf", "SUITE=bookworm\n");
        _tree.Write("containers/base/Dockerfile", "ARG BASE\nFROM ${BASE}\n");
        _tree.Write("containers/toolchains/python/Dockerfile", "ARG BASE\nFROM ${BASE}\n");
        _tree.Write("containers/toolchains/node/Dockerfile", "ARG BASE\nFROM ${BASE}\n");
        _tree.Write("containers/harnesses/pi/Dockerfile", "# hbench-parent: node\nARG BASE\nFROM ${BASE}\n");
    }

    public void Dispose() => _tree.Dispose();

    private ImagePipeline Pipeline() => new(
        ImageCatalog.Load(_tree.Combine("containers"), new ImageHostInputs(_tree.Combine("scripts/build-base-rootfs.sh"), _tree.Combine("no-ca"))),
        _engine, _rootfs);

    private IProgress<string> Progress => new SyncProgress(_progress);

    [Fact]
    public async Task A_cold_build_imports_the_rootfs_then_builds_each_image_on_its_parents_tag()
    {
        var pipeline = Pipeline();

        var results = await pipeline.BuildAsync([], force: false, Progress, CancellationToken.None);

        Assert.All(results, r => Assert.True(r.Built));
        Assert.Equal(1, _rootfs.Runs);
        var rootfsTag = pipeline.Catalog.ResolveRootfsTag(pipeline.Catalog.Get("base"));
        Assert.Equal(rootfsTag, Assert.Single(_engine.Imports).Tag);
        Assert.Equal(["base", "node", "pi", "python"], _engine.Builds.Select(b => b.Tag.Split(':')[0]["hbench/".Length..]));
        Assert.Equal(rootfsTag, _engine.Builds[0].BuildArgs["BASE"]);
        Assert.Equal(pipeline.ResolveTag("base"), _engine.Builds[1].BuildArgs["BASE"]);
        Assert.Equal(pipeline.ResolveTag("node"), _engine.Builds[2].BuildArgs["BASE"]);
        Assert.Contains("extra-ca/", _engine.Builds[0].ContextFiles);
        Assert.Equal(pipeline.Catalog.GetHash("pi"), _engine.Tags[pipeline.ResolveTag("pi")].Labels[ManagedLabels.ContentHash]);
        Assert.Contains(_progress, line => line.StartsWith("  [base-rootfs] I: Retrieving", StringComparison.Ordinal));
        Assert.Contains(_progress, line => line.StartsWith("  [python] Step 1/1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_build_with_nothing_changed_builds_nothing()
    {
        await Pipeline().BuildAsync([], force: false, null, CancellationToken.None);
        var builds = _engine.Builds.Count;

        var results = await Pipeline().BuildAsync([], force: false, Progress, CancellationToken.None);

        Assert.All(results, r => Assert.False(r.Built));
        Assert.Equal(builds, _engine.Builds.Count);
        Assert.Equal(1, _rootfs.Runs);
        Assert.Contains(_progress, line => line.Contains("python: up to date", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Building_one_image_builds_only_it_and_its_missing_ancestors()
    {
        await Pipeline().BuildAsync(["python"], force: false, null, CancellationToken.None);

        Assert.Equal(["base", "python"], _engine.Builds.Select(b => b.Tag.Split(':')[0]["hbench/".Length..]));
    }

    [Fact]
    public async Task A_changed_toolchain_rebuilds_it_and_its_children_only()
    {
        await Pipeline().BuildAsync([], force: false, null, CancellationToken.None);
        _engine.Builds.Clear();
        _tree.Write("containers/toolchains/node/Dockerfile", "ARG BASE\nFROM ${BASE}\nRUN echo v2\n");

        await Pipeline().BuildAsync([], force: false, null, CancellationToken.None);

        Assert.Equal(["node", "pi"], _engine.Builds.Select(b => b.Tag.Split(':')[0]["hbench/".Length..]));
        Assert.Equal(1, _rootfs.Runs);
    }

    [Fact]
    public async Task A_changed_base_Dockerfile_reuses_the_imported_rootfs()
    {
        await Pipeline().BuildAsync(["base"], force: false, null, CancellationToken.None);
        _tree.Write("containers/base/Dockerfile", "ARG BASE\nFROM ${BASE}\nRUN true\n");

        await Pipeline().BuildAsync(["base"], force: false, null, CancellationToken.None);

        Assert.Equal(1, _rootfs.Runs);
        Assert.Equal(2, _engine.Builds.Count);
    }

    [Fact]
    public async Task Force_rebuilds_the_named_image_but_not_its_existing_parents()
    {
        await Pipeline().BuildAsync([], force: false, null, CancellationToken.None);
        _engine.Builds.Clear();

        await Pipeline().BuildAsync(["python"], force: true, null, CancellationToken.None);

        Assert.Equal("python", Assert.Single(_engine.Builds).Tag.Split(':')[0]["hbench/".Length..]);
        Assert.Equal(1, _rootfs.Runs);
    }

    [Fact]
    public async Task A_tag_carrying_another_content_hash_is_rebuilt()
    {
        var pipeline = Pipeline();
        await pipeline.BuildAsync(["base"], force: false, null, CancellationToken.None);
        _engine.Add(pipeline.ResolveTag("python"), new Dictionary<string, string> { [ManagedLabels.ContentHash] = "something else" });

        var results = await pipeline.BuildAsync(["python"], force: false, null, CancellationToken.None);

        Assert.True(results.Single(r => r.Name == "python").Built);
    }

    [Fact]
    public async Task Status_tells_present_stale_and_missing_images()
    {
        await Pipeline().BuildAsync(["python"], force: false, null, CancellationToken.None);
        _tree.Write("containers/toolchains/python/Dockerfile", "ARG BASE\nFROM ${BASE}\nRUN echo v2\n");

        var status = (await Pipeline().GetStatusAsync(CancellationToken.None)).ToDictionary(s => s.Name);

        Assert.Equal(ImageState.Present, status["base"].State);
        Assert.NotNull(status["base"].Id);
        Assert.NotNull(status["base"].SizeBytes);
        Assert.Equal(ImageState.Stale, status["python"].State);
        Assert.Null(status["python"].Id);
        Assert.Equal(ImageState.Missing, status["node"].State);
        Assert.Equal(Pipeline().ResolveTag("python"), status["python"].Tag);
    }

    [Fact]
    public async Task Prune_removes_only_older_tags_and_keeps_those_in_use()
    {
        await Pipeline().BuildAsync(["python"], force: false, null, CancellationToken.None);
        var oldPython = Pipeline().ResolveTag("python");
        _engine.Add("hbench/python:000000000000", new Dictionary<string, string>());
        _engine.Add("hbench/base-rootfs:000000000000", new Dictionary<string, string>());
        _engine.InUse.Add("hbench/python:000000000000");
        _tree.Write("containers/toolchains/python/Dockerfile", "ARG BASE\nFROM ${BASE}\nRUN echo v2\n");
        await Pipeline().BuildAsync(["python"], force: false, null, CancellationToken.None);

        _engine.Untagged.Add(new EngineImage("sha256:stage", ["<none>:<none>"], 1, new Dictionary<string, string> { [ManagedLabels.Image] = "base" }));
        _engine.Untagged.Add(new EngineImage("sha256:foreign", [], 1, new Dictionary<string, string>()));

        var removed = await Pipeline().PruneAsync([], Progress, CancellationToken.None);

        Assert.Equal(new[] { "hbench/base-rootfs:000000000000", oldPython, "sha256:stage" }.Order(), removed.Order());
        Assert.Contains(_engine.Untagged, i => i.Id == "sha256:foreign");
        Assert.Contains("hbench/python:000000000000", _engine.Tags.Keys);
        Assert.Contains(Pipeline().ResolveTag("python"), _engine.Tags.Keys);
        Assert.Contains(_progress, line => line.StartsWith("kept hbench/python:000000000000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_build_names_the_image_and_how_to_retry()
    {
        _tree.Write("containers/harnesses/pi/Dockerfile", "# hbench-parent: node\n");
        var pipeline = Pipeline();
        var failing = new FailingEngine(_engine, pipeline.ResolveTag("node"));

        var error = await Assert.ThrowsAsync<ImageBuildException>(() =>
            new ImagePipeline(pipeline.Catalog, failing, _rootfs).BuildAsync(["pi"], force: false, null, CancellationToken.None));

        Assert.Contains("'node'", error.Message, StringComparison.Ordinal);
        Assert.Contains("hbench images build node", error.Message, StringComparison.Ordinal);
    }

    private sealed class SyncProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }

    private sealed class FailingEngine(FakeImageEngine inner, string failingTag) : IImageEngine
    {
        public Task<EngineImage?> InspectAsync(string reference, CancellationToken cancellationToken) => inner.InspectAsync(reference, cancellationToken);

        public Task<IReadOnlyList<EngineImage>> ListAsync(string? repository, CancellationToken cancellationToken) => inner.ListAsync(repository, cancellationToken);

        public Task<string> BuildAsync(Stream context, string tag, IReadOnlyDictionary<string, string> buildArgs,
            IReadOnlyDictionary<string, string> labels, IProgress<string>? progress, CancellationToken cancellationToken) =>
            tag == failingTag
                ? throw new DockerException("The command '/bin/sh -c apt-get install nodejs' returned a non-zero code: 100")
                : inner.BuildAsync(context, tag, buildArgs, labels, progress, cancellationToken);

        public Task<string> ImportAsync(Stream rootfsTar, string tag, IReadOnlyList<string> changes, CancellationToken cancellationToken) =>
            inner.ImportAsync(rootfsTar, tag, changes, cancellationToken);

        public Task RemoveAsync(string reference, CancellationToken cancellationToken) => inner.RemoveAsync(reference, cancellationToken);
    }
}
