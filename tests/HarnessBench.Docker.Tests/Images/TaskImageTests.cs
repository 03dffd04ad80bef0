using System.Text;
using HarnessBench.Docker.Images;

namespace HarnessBench.Docker.Tests.Images;

/// <summary>
/// Task images: combined toolchains (each next recipe built FROM the previous image) and a task's own
/// environment/Dockerfile FROM them, content-hashed like every image, with the epilogue every task
/// image needs; a failing build is tried once per pipeline.
/// </summary>
public sealed class TaskImageTests : IDisposable
{
    private readonly TempDirectory _tree = new();
    private readonly FakeImageEngine _engine = new();

    public TaskImageTests()
    {
        _tree.Write("scripts/build-base-rootfs.sh", "#!/bin/sh\n", TempDirectory.Executable);
        _tree.Write("containers/base/rootfs.conf", "SUITE=bookworm\n");
        _tree.Write("containers/base/Dockerfile", "ARG BASE\nFROM ${BASE}\n");
        _tree.Write("containers/toolchains/python/Dockerfile", "ARG BASE\nFROM ${BASE}\nRUN echo python\n");
        _tree.Write("containers/toolchains/c-cpp/Dockerfile", "ARG BASE\nFROM ${BASE}\nRUN echo gcc\n");
        _tree.Write("containers/harnesses/agents/Dockerfile", "ARG BASE\nFROM ${BASE}\n");
        _tree.Write("tasks/demo/environment/Dockerfile", "ARG BASE\nFROM ${BASE}\nRUN ln -s /workspace /app\n");
        _tree.Write("tasks/demo/environment/data.txt", "x\n");
    }

    public void Dispose() => _tree.Dispose();

    private ImagePipeline Pipeline() => new(
        ImageCatalog.Load(_tree.Combine("containers"), new ImageHostInputs(_tree.Combine("scripts/build-base-rootfs.sh"), _tree.Combine("no-ca"))),
        _engine, new FakeRootfsBuilder());

    private TaskImageSpec Spec(params string[] toolchains) => new("Demo_Task", toolchains, _tree.Combine("tasks/demo/environment"));

    [Fact]
    public void Toolchains_only_in_the_catalog_are_toolchains()
    {
        Assert.Equal(["c-cpp", "python"], Pipeline().Catalog.ToolchainNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_single_toolchain_is_its_catalog_image_and_a_combination_is_a_new_content_hashed_image()
    {
        var pipeline = Pipeline();
        Assert.Equal(pipeline.ResolveTag("python"), pipeline.ToolchainImage(["python"]).Tag);
        var combined = pipeline.ToolchainImage(["python", "c-cpp"]);
        Assert.StartsWith("hbench/python.c-cpp:", combined.Tag, StringComparison.Ordinal);
        Assert.NotEqual(pipeline.ToolchainImage(["c-cpp", "python"]).Hash, combined.Hash);
        Assert.NotEqual(pipeline.Catalog.GetHash("c-cpp"), combined.Hash);
    }

    [Fact]
    public void The_task_image_hash_follows_the_environment_and_the_toolchains()
    {
        var before = Pipeline().TaskImage(Spec("python"));
        Assert.StartsWith("hbench/task-demo_task:", before.Tag, StringComparison.Ordinal);
        Assert.Equal(before, Pipeline().TaskImage(Spec("python")));

        _tree.Write("tasks/demo/environment/data.txt", "y\n");
        var edited = Pipeline().TaskImage(Spec("python"));
        Assert.NotEqual(before.Hash, edited.Hash);
        Assert.NotEqual(edited.Hash, Pipeline().TaskImage(Spec("python", "c-cpp")).Hash);

        _tree.Write("containers/toolchains/python/Dockerfile", "ARG BASE\nFROM ${BASE}\nRUN echo python 3\n");
        Assert.NotEqual(edited.Hash, Pipeline().TaskImage(Spec("python")).Hash);
    }

    [Fact]
    public void The_environment_context_gets_the_epilogue_every_task_image_needs()
    {
        var context = ImagePipeline.EnvironmentContext(_tree.Combine("tasks/demo/environment"));
        var dockerfile = Encoding.UTF8.GetString(context.Files.Single(f => f.Path == "Dockerfile").Content.Span);
        Assert.Contains("RUN ln -s /workspace /app", dockerfile, StringComparison.Ordinal);
        Assert.Contains("chown -R 1000:1000 /workspace", dockerfile, StringComparison.Ordinal);
        Assert.Contains("command -v python3", dockerfile, StringComparison.Ordinal);
        Assert.True(dockerfile.IndexOf("ln -s", StringComparison.Ordinal) < dockerfile.IndexOf("command -v python3", StringComparison.Ordinal));
        Assert.Contains(context.Files, f => f.Path == "data.txt");
    }

    [Fact]
    public async Task Ensuring_a_task_image_builds_the_toolchains_the_chain_and_the_environment_in_order()
    {
        var pipeline = Pipeline();
        var image = await pipeline.EnsureTaskImageAsync(Spec("python", "c-cpp"), null, CancellationToken.None);

        var combined = pipeline.ToolchainImage(["python", "c-cpp"]);
        var tags = _engine.Builds.Select(b => b.Tag).ToList();
        Assert.Equal(image.Tag, tags[^1]);
        Assert.Equal(combined.Tag, tags[^2]);
        Assert.Equal(pipeline.ResolveTag("python"), _engine.Builds[^2].BuildArgs["BASE"]);
        Assert.Equal(combined.Tag, _engine.Builds[^1].BuildArgs["BASE"]);
        Assert.Contains("data.txt", _engine.Builds[^1].ContextFiles);

        var builds = _engine.Builds.Count;
        Assert.Equal(image, await Pipeline().EnsureTaskImageAsync(Spec("python", "c-cpp"), null, CancellationToken.None));
        Assert.Equal(builds, _engine.Builds.Count);

        // With a harness layer, the agent image is the task image combined with the layer.
        var agentTag = await pipeline.EnsureCombinedAsync(image, "agents", null, CancellationToken.None);
        Assert.StartsWith("hbench/task-demo_task-agents:", agentTag, StringComparison.Ordinal);
        Assert.Equal(image.Tag, _engine.Builds[^1].BuildArgs["BASE"]);
    }

    [Fact]
    public async Task A_failing_environment_is_built_once_per_pipeline_and_fails_again_at_once()
    {
        _engine.FailingTagPrefixes.Add("hbench/task-demo_task:");
        var pipeline = Pipeline();

        var first = await Assert.ThrowsAsync<ImageBuildException>(() => pipeline.EnsureTaskImageAsync(Spec("python"), null, CancellationToken.None));
        var second = await Assert.ThrowsAsync<ImageBuildException>(() => pipeline.EnsureTaskImageAsync(Spec("python"), null, CancellationToken.None));

        Assert.Single(_engine.FailedBuilds);
        Assert.Contains("environment of task 'Demo_Task'", first.Message, StringComparison.Ordinal);
        Assert.Contains("not retried", second.Message, StringComparison.Ordinal);
    }
}
