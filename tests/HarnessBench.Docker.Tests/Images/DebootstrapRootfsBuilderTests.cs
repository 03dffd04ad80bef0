using System.Collections.Concurrent;
using System.Formats.Tar;
using HarnessBench.Docker.Images;
using HarnessBench.Docker.Processes;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarnessBench.Docker.Tests.Images;

/// <summary>
/// The rootfs builder's host processes with a stand-in for scripts/build-base-rootfs.sh (no root, no
/// mirror): the script's output lines as progress, tar's stdout as a stream, the cleanup, the errors.
/// </summary>
public sealed class DebootstrapRootfsBuilderTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ConcurrentQueue<string> _progress = new();

    public void Dispose() => _dir.Dispose();

    /// <param name="script">Gets the real script's arguments: --mirror MIRROR --recipe RECIPE TARGET.</param>
    private DebootstrapRootfsBuilder Builder(string script)
    {
        Directory.CreateDirectory(_dir.Combine("work"));
        return new(new ProcessLauncher(NullLogger<ProcessLauncher>.Instance), _dir.Write("build-rootfs.sh", script, TempDirectory.Executable),
            mirror: "http://mirror.invalid/debian", workRoot: _dir.Combine("work"));
    }

    private ImageDefinition Base()
    {
        _dir.Write("containers/base/rootfs.conf", "SUITE=bookworm\n");
        return new ImageDefinition("base", _dir.Combine("containers", "base"), Parent: null, IsRootfs: true);
    }

    [Fact]
    public async Task The_tree_is_streamed_as_tar_with_progress_line_by_line_and_removed_after()
    {
        var builder = Builder("set -e\nmkdir -p \"$5/etc\"\necho bookworm > \"$5/etc/debian_version\"\necho \"fetching from $2\"\necho configuring >&2\n");
        var entries = new List<string>();

        await builder.BuildAsync(Base(), async (stream, cancellationToken) =>
        {
            using var reader = new TarReader(stream);
            while (await reader.GetNextEntryAsync(cancellationToken: cancellationToken) is { } entry)
            {
                entries.Add(entry.Name);
            }
        }, new Lines(_progress), CancellationToken.None);

        Assert.Contains("./etc/debian_version", entries);
        Assert.Contains("fetching from http://mirror.invalid/debian", _progress);
        Assert.Contains("configuring", _progress);
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Combine("work"))); // the tree and its log are gone
    }

    [Fact]
    public async Task A_failing_script_reports_its_exit_code_and_last_output()
    {
        var builder = Builder("echo 'E: Failed getting release file' >&2\nexit 4\n");

        var error = await Assert.ThrowsAsync<ImageBuildException>(() =>
            builder.BuildAsync(Base(), (_, _) => Task.CompletedTask, new Lines(_progress), CancellationToken.None));

        Assert.Contains("build-rootfs.sh exited with 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("E: Failed getting release file", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Combine("work")));
    }

    [Fact]
    public async Task A_failing_import_surfaces_and_the_tree_is_removed()
    {
        var builder = Builder("set -e\nmkdir -p \"$5/usr\"\nhead -c 1000000 /dev/urandom > \"$5/usr/big\"\n");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => builder.BuildAsync(Base(), async (stream, cancellationToken) =>
        {
            await stream.ReadExactlyAsync(new byte[512], cancellationToken);
            throw new InvalidDataException("the engine refused the import");
        }, null, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Equal("the engine refused the import", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Combine("work")));
    }

    /// <summary>Synchronous, unlike Progress&lt;T&gt;, so that every line is in when BuildAsync returns.</summary>
    private sealed class Lines(ConcurrentQueue<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Enqueue(value);
    }
}
