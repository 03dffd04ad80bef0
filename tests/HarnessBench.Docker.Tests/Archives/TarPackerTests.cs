using System.Formats.Tar;
using System.Net.Sockets;
using HarnessBench.Docker.Archives;

namespace HarnessBench.Docker.Tests.Archives;

public sealed class TarPackerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Source => _dir.Combine("src");

    private static async Task<List<TarEntry>> Pack(string directory, TarPackOptions options)
    {
        using var stream = new MemoryStream();
        await TarPacker.PackDirectoryAsync(directory, stream, options, CancellationToken.None);
        stream.Position = 0;
        var entries = new List<TarEntry>();
        using var reader = new TarReader(stream);
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            entries.Add(entry);
        }

        return entries;
    }

    [Fact]
    public async Task Modes_are_kept_owner_is_forced_and_symlinks_stay_symlinks()
    {
        _dir.Write("outside/secret.txt", "HOST SECRET");
        _dir.Write("src/run.sh", "#!/bin/sh\n", (UnixFileMode)0b111_101_101);
        _dir.Write("src/private", "p", (UnixFileMode)0b110_000_000);
        _dir.Write("src/sub/file.txt", "f");
        File.CreateSymbolicLink(_dir.Combine("src", "abs"), "/etc/passwd");
        File.CreateSymbolicLink(_dir.Combine("src", "rel-outside"), "../outside/secret.txt");
        Directory.CreateSymbolicLink(_dir.Combine("src", "dir-outside"), _dir.Combine("outside"));

        List<TarEntry> entries = await Pack(Source, new TarPackOptions(1000, 1001) { Prefix = "workspace" });

        Assert.Equal(
            ["workspace/", "workspace/abs", "workspace/dir-outside", "workspace/private", "workspace/rel-outside", "workspace/run.sh", "workspace/sub/", "workspace/sub/file.txt"],
            entries.Select(e => e.Name));
        Assert.All(entries, e => Assert.Equal((1000, 1001), (e.Uid, e.Gid)));
        TarEntry Get(string name) => entries.Single(e => e.Name == "workspace/" + name);
        Assert.Equal((UnixFileMode)0b111_101_101, Get("run.sh").Mode);
        Assert.Equal((UnixFileMode)0b110_000_000, Get("private").Mode);
        Assert.Equal((TarEntryType.SymbolicLink, "/etc/passwd"), (Get("abs").EntryType, Get("abs").LinkName));
        Assert.Equal((TarEntryType.SymbolicLink, "../outside/secret.txt"), (Get("rel-outside").EntryType, Get("rel-outside").LinkName));
        // A symlinked directory is not descended into: nothing from outside/ is in the archive.
        Assert.Equal(TarEntryType.SymbolicLink, Get("dir-outside").EntryType);
        Assert.DoesNotContain(entries, e => e.Name.Contains("secret.txt", StringComparison.Ordinal) && e.EntryType == TarEntryType.RegularFile);
        Assert.All(entries.Where(e => e.EntryType == TarEntryType.SymbolicLink), e => Assert.Equal(0, e.Length));
    }

    [Fact]
    public async Task Sockets_and_fifos_are_skipped()
    {
        _dir.Write("src/keep.txt", "k");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(_dir.Combine("src", "agent.sock")));
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", _dir.Combine("src", "pipe")))
        {
            await mkfifo.WaitForExitAsync();
        }

        Assert.Equal(FileKind.Socket, FileKinds.Of(_dir.Combine("src", "agent.sock")));
        Assert.Equal(FileKind.Fifo, FileKinds.Of(_dir.Combine("src", "pipe")));

        List<TarEntry> entries = await Pack(Source, new TarPackOptions(0, 0));

        Assert.Equal(["keep.txt"], entries.Select(e => e.Name));
    }

    [Fact]
    public async Task Read_only_strips_every_write_bit_and_prefix_parents_are_emitted()
    {
        _dir.Write("src/t.sh", "#!/bin/sh\n", (UnixFileMode)0b111_111_101);
        _dir.Write("src/d/data", "d", (UnixFileMode)0b110_110_110);

        List<TarEntry> entries = await Pack(Source, new TarPackOptions(0, 0) { Prefix = "opt/grader/tests", ReadOnly = true });

        Assert.Equal(["opt/", "opt/grader/", "opt/grader/tests/", "opt/grader/tests/d/", "opt/grader/tests/d/data", "opt/grader/tests/t.sh"], entries.Select(e => e.Name));
        const UnixFileMode writeBits = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        Assert.All(entries.Skip(2), e => Assert.Equal((UnixFileMode)0, e.Mode & writeBits));
        Assert.Equal((UnixFileMode)0b101_101_101, entries.Single(e => e.Name.EndsWith("t.sh", StringComparison.Ordinal)).Mode);
        Assert.Equal((UnixFileMode)0b100_100_100, entries.Single(e => e.Name.EndsWith("data", StringComparison.Ordinal)).Mode);
    }

    [Fact]
    public async Task Pack_then_unpack_reproduces_the_tree()
    {
        _dir.Write("src/a.txt", "a", (UnixFileMode)0b110_100_000);
        _dir.Write("src/deep/er/b.bin", "b", (UnixFileMode)0b111_000_000);
        File.CreateSymbolicLink(_dir.Combine("src", "to-a"), "a.txt");
        using var stream = new MemoryStream();
        await TarPacker.PackDirectoryAsync(Source, stream, new TarPackOptions(1, 1) { Prefix = "top" }, CancellationToken.None);
        stream.Position = 0;

        await TarUnpacker.UnpackAsync(stream, _dir.Combine("copy"), new TarUnpackOptions { StripComponents = 1 }, CancellationToken.None);

        Assert.Equal("a", File.ReadAllText(_dir.Combine("copy", "a.txt")));
        Assert.Equal((UnixFileMode)0b110_100_000, File.GetUnixFileMode(_dir.Combine("copy", "a.txt")));
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(_dir.Combine("copy", "deep", "er", "b.bin")));
        Assert.Equal("a.txt", new FileInfo(_dir.Combine("copy", "to-a")).LinkTarget);
    }

    [Fact]
    public async Task A_symlink_as_the_source_directory_is_refused()
    {
        Directory.CreateDirectory(Source);
        Directory.CreateSymbolicLink(_dir.Combine("link"), Source);

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => Pack(_dir.Combine("link"), new TarPackOptions(0, 0)));
    }

    [Fact]
    public async Task Several_directories_share_one_archive_each_directory_entry_once_and_existing_parents_untouched()
    {
        _dir.Write("tests/test.sh", "t");
        _dir.Write("seed/.cfg/a", "a");
        _dir.Write("decoy/x", "x");
        using var stream = new MemoryStream();
        await TarPacker.PackDirectoriesAsync(
            [
                new TarPackItem(_dir.Combine("tests"), new TarPackOptions(0, 0) { Prefix = "hbench/grader", ReadOnly = true, Private = true }),
                new TarPackItem(_dir.Combine("seed"), new TarPackOptions(0, 0) { Prefix = "hbench/seed" }),
                // Lands inside a directory the previous item wrote: that entry is not written twice.
                new TarPackItem(_dir.Combine("decoy"), new TarPackOptions(1000, 1000) { Prefix = "hbench/seed/.cfg/more" }),
                // /home/agent exists in the image: only "home/agent/.config/" and below are written.
                new TarPackItem(_dir.Combine("decoy"), new TarPackOptions(1000, 1000) { Prefix = "home/agent/.config", ExistingComponents = 2 }),
            ],
            stream, CancellationToken.None);
        stream.Position = 0;
        var names = new List<string>();
        using (var reader = new TarReader(stream))
        {
            while (reader.GetNextEntry() is { } entry) names.Add(entry.Name);
        }

        Assert.Equal(
            ["hbench/", "hbench/grader/", "hbench/grader/test.sh", "hbench/seed/", "hbench/seed/.cfg/", "hbench/seed/.cfg/a",
                "hbench/seed/.cfg/more/", "hbench/seed/.cfg/more/x", "home/agent/.config/", "home/agent/.config/x"],
            names);
    }
}
