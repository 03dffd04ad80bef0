using HarnessBench.Docker.Images;

namespace HarnessBench.Docker.Tests.Images;

/// <summary>
/// README: "the failing Aider build is not retried per cell". An on-demand layer that cannot be built
/// (its package index is unreachable) is built once per process: every later request for it, from
/// concurrent cells queued behind the first build or from cells on other toolchains, fails at once
/// with the first build's error.
/// </summary>
public sealed class FailedBuildTests : IDisposable
{
    private readonly TempDirectory _tree = new();
    private readonly FakeImageEngine _engine = new();

    public FailedBuildTests()
    {
        _tree.Write("scripts/build-base-rootfs.sh", "#!/bin/sh\n", TempDirectory.Executable);
        _tree.Write("containers/base/rootfs.conf", "SUITE=bookworm\n");
        _tree.Write("containers/base/Dockerfile", "ARG BASE\nFROM ${BASE}\n");
        _tree.Write("containers/toolchains/python/Dockerfile", "ARG BASE\nFROM ${BASE}\n");
        _tree.Write("containers/toolchains/sql/Dockerfile", "ARG BASE\nFROM ${BASE}\n");
        _tree.Write("containers/harnesses/aider/Dockerfile", "# hbench-parent: python\n# hbench-on-demand\nARG BASE\nFROM ${BASE}\nRUN pip install aider-chat\n");
        _engine.FailingTagPrefixes.Add("hbench/aider:");
    }

    public void Dispose() => _tree.Dispose();

    private ImagePipeline Pipeline() => new(
        ImageCatalog.Load(_tree.Combine("containers"), new ImageHostInputs(_tree.Combine("scripts/build-base-rootfs.sh"), _tree.Combine("no-ca"))),
        _engine, new FakeRootfsBuilder());

    [Fact]
    public async Task A_failed_layer_build_is_attempted_once_for_concurrent_and_later_cells_of_any_toolchain()
    {
        var pipeline = Pipeline();

        // Two cells at once (concurrency 2), then a later cell, then a cell on another toolchain.
        var concurrent = await Task.WhenAll(
            Capture(() => pipeline.EnsureCombinedAsync("python", "aider", null, CancellationToken.None)),
            Capture(() => pipeline.EnsureCombinedAsync("python", "aider", null, CancellationToken.None)));
        var later = await Capture(() => pipeline.EnsureCombinedAsync("python", "aider", null, CancellationToken.None));
        var otherToolchain = await Capture(() => pipeline.EnsureCombinedAsync("sql", "aider", null, CancellationToken.None));

        var attempt = Assert.Single(_engine.FailedBuilds);
        Assert.StartsWith("hbench/aider:", attempt, StringComparison.Ordinal);
        Assert.All([.. concurrent, later, otherToolchain], e =>
        {
            Assert.IsType<ImageBuildException>(e);
            Assert.Contains("hbench: cannot install", e!.Message, StringComparison.Ordinal);
        });
        Assert.Contains("not retried", later!.Message, StringComparison.Ordinal);
        // The layer's parent was fine: built once, not once per attempt.
        Assert.Single(_engine.Builds, b => b.Tag.StartsWith("hbench/python:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_new_process_tries_the_build_again()
    {
        await Capture(() => Pipeline().EnsureCombinedAsync("python", "aider", null, CancellationToken.None));
        _engine.FailingTagPrefixes.Clear();

        var tag = await Pipeline().EnsureCombinedAsync("python", "aider", null, CancellationToken.None);

        Assert.StartsWith("hbench/python-aider:", tag, StringComparison.Ordinal);
        Assert.Single(_engine.FailedBuilds);
    }

    private static async Task<Exception?> Capture(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
