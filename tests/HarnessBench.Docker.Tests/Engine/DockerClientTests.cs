using System.Formats.Tar;
using System.Text;
using HarnessBench.Docker.Tests.Infrastructure;

namespace HarnessBench.Docker.Tests.Engine;

[Collection(DockerEngineGroup.Name)]
public sealed class DockerClientTests(DockerFixture fixture)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [DockerFact]
    public async Task Version_reports_the_engine_and_api()
    {
        EngineVersion version = await fixture.Client.VersionAsync(None);

        Assert.Equal("linux", version.Os);
        Assert.False(string.IsNullOrEmpty(version.Version));
        Assert.True(Version.Parse(version.ApiVersion) >= new Version(1, 41), version.ApiVersion);
    }

    [DockerFact]
    public async Task Inspecting_a_missing_image_gives_null_and_listing_filters_by_reference()
    {
        Assert.Null(await fixture.Client.InspectImageAsync("harnessbench-test/nothing:here", None));

        IReadOnlyList<ImageInfo> images = await fixture.Client.ListImagesAsync(TestImage.Repository, None);

        ImageInfo image = Assert.Single(images, i => i.RepoTags.Contains(fixture.Image));
        Assert.StartsWith("sha256:", image.Id, StringComparison.Ordinal);
        Assert.All(images, i => Assert.All(i.RepoTags, t => Assert.StartsWith(TestImage.Repository + ":", t, StringComparison.Ordinal)));
    }

    [DockerFact]
    public async Task Exec_returns_exit_code_and_separated_output()
    {
        string id = await fixture.Client.CreateContainerAsync(
            new ContainerCreateOptions(fixture.Image) { Cmd = ["sleep", "60"], Labels = fixture.Owner.Labels("exec-test") }, None);
        try
        {
            await fixture.Client.StartContainerAsync(id, None);

            ExecResult result = await fixture.Client.ExecAsync(
                id, ["/bin/sh", "-c", "echo out; echo err >&2; echo $GREETING; exit 3"], new ExecOptions { Env = new Dictionary<string, string> { ["GREETING"] = "hi" } }, None);

            Assert.Equal(3, result.ExitCode);
            Assert.Equal("out\nhi\n", result.Stdout);
            Assert.Equal("err\n", result.Stderr);
        }
        finally
        {
            await fixture.Client.RemoveContainerAsync(id, force: true, removeVolumes: true, None);
        }
    }

    [DockerFact]
    public async Task Creating_from_a_missing_image_says_how_to_build_it()
    {
        var error = await Assert.ThrowsAsync<DockerException>(() => fixture.Client.CreateContainerAsync(
            new ContainerCreateOptions("harnessbench-test/nothing:here") { Labels = fixture.Owner.Labels("missing-image") }, None));

        Assert.StartsWith("Image harnessbench-test/nothing:here is missing. Build it: `./hbench images build`.", error.Message, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
    }

    [DockerFact]
    public async Task A_cancelled_wait_throws_OperationCanceledException_and_a_failed_tar_fails_the_copy()
    {
        string id = await fixture.Client.CreateContainerAsync(
            new ContainerCreateOptions(fixture.Image) { Cmd = ["sleep", "60"], Labels = fixture.Owner.Labels("cancel-test") }, None);
        try
        {
            await fixture.Client.StartContainerAsync(id, None);
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Client.WaitContainerAsync(id, cancel.Token));

            // The packer's failure reaches the caller as an engine-request failure naming its cause, and nothing hangs.
            var error = await Assert.ThrowsAsync<DockerException>(() => fixture.Client.PutArchiveAsync(
                id, "/tmp", (_, _) => throw new IOException("disk gone while packing"), None).WaitAsync(TimeSpan.FromMinutes(1)));
            Assert.Contains("disk gone while packing", error.Message, StringComparison.Ordinal);
            Assert.False(error.EngineUnreachable);
        }
        finally
        {
            await fixture.Client.RemoveContainerAsync(id, force: true, removeVolumes: true, None);
        }
    }

    [DockerFact]
    public async Task Build_streams_progress_returns_the_id_and_reports_failures_with_the_output_tail()
    {
        string tag = $"harnessbench-test/build:{Guid.NewGuid():N}";
        var lines = new List<string>();
        try
        {
            string id = await fixture.Client.BuildImageAsync(
                Context($"FROM {fixture.Image}\nARG WHO\nRUN echo \"hello $WHO\" > /hello\n"),
                tag,
                new Dictionary<string, string> { ["WHO"] = "builder" },
                new Dictionary<string, string> { ["harnessbench-test.label"] = "yes" },
                new SynchronousProgress(lines),
                None);

            ImageInfo image = (await fixture.Client.InspectImageAsync(tag, None))!;
            Assert.Equal(image.Id, id);
            Assert.Equal("yes", image.Labels["harnessbench-test.label"]);
            Assert.Contains(lines, l => l.StartsWith("Step 1/", StringComparison.Ordinal));

            var error = await Assert.ThrowsAsync<DockerException>(() => fixture.Client.BuildImageAsync(
                Context($"FROM {fixture.Image}\nRUN echo about-to-fail && exit 7\n"), tag + "-bad",
                new Dictionary<string, string>(), new Dictionary<string, string>(), null, None));
            Assert.Contains("non-zero code: 7", error.Message, StringComparison.Ordinal);
            Assert.Contains("about-to-fail", error.Message, StringComparison.Ordinal);
            Assert.Contains("./hbench images build", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await fixture.Client.RemoveImageAsync(tag, force: true, None);
        }
    }

    [DockerFact]
    public async Task Networks_are_created_listed_by_label_and_removed()
    {
        string name = $"hb-test-net-{Guid.NewGuid():N}"[..24];
        var labels = new Dictionary<string, string> { ["harnessbench-test.net"] = name };
        string id = await fixture.Client.CreateNetworkAsync(new NetworkCreateOptions(name) { Internal = true, Labels = labels }, None);
        try
        {
            var filter = new Dictionary<string, string?> { ["harnessbench-test.net"] = name };
            NetworkSummary network = Assert.Single(await fixture.Client.ListNetworksAsync(filter, None));
            Assert.Equal(id, network.Id);
            Assert.True(network.Internal);
        }
        finally
        {
            await fixture.Client.RemoveNetworkAsync(id, None);
        }

        Assert.Empty(await fixture.Client.ListNetworksAsync(new Dictionary<string, string?> { ["harnessbench-test.net"] = name }, None));
    }

    private static MemoryStream Context(string dockerfile)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(dockerfile)) };
            writer.WriteEntry(entry);
        }

        stream.Position = 0;
        return stream;
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the lines in order, now.</summary>
    private sealed class SynchronousProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
