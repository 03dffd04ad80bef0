using System.Formats.Tar;
using System.Text;
using HarnessBench.Docker.Archives;

namespace HarnessBench.Docker.Tests.Archives;

public sealed class TarUnpackerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Target => _dir.Combine("target");

    private static MemoryStream Tar(params TarEntry[] entries)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (TarEntry entry in entries)
            {
                writer.WriteEntry(entry);
            }
        }

        stream.Position = 0;
        return stream;
    }

    private static PaxTarEntry File(string name, string content, int mode = 0b110_100_100) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)), Mode = (UnixFileMode)mode };

    private static PaxTarEntry Dir(string name, int mode = 0b111_101_101) => new(TarEntryType.Directory, name) { Mode = (UnixFileMode)mode };

    private static PaxTarEntry Link(TarEntryType type, string name, string target) => new(type, name) { LinkName = target };

    private Task<TarUnpackResult> Unpack(MemoryStream tar, int strip = 0) =>
        TarUnpacker.UnpackAsync(tar, Target, new TarUnpackOptions { StripComponents = strip }, CancellationToken.None);

    [Fact]
    public async Task Engine_style_archive_is_unpacked_without_its_top_directory_keeping_modes_and_links()
    {
        using MemoryStream tar = Tar(
            Dir("workspace/"),
            File("workspace/run.sh", "#!/bin/sh\n", 0b111_101_101),
            File("workspace/secret", "s", 0b110_000_000),
            Dir("workspace/ro/", 0b101_101_101),
            File("workspace/ro/inner.txt", "inner", 0b100_100_100),
            Link(TarEntryType.SymbolicLink, "workspace/abs-link", "/etc/passwd"),
            Link(TarEntryType.HardLink, "workspace/hard", "workspace/run.sh"));

        TarUnpackResult result = await Unpack(tar, strip: 1);

        Assert.Equal(new TarUnpackResult(Files: 3, Directories: 1, Symlinks: 1, HardLinks: 1, Skipped: 0, Bytes: 26), result);
        Assert.Equal((UnixFileMode)0b111_101_101, System.IO.File.GetUnixFileMode(Path.Combine(Target, "run.sh")));
        Assert.Equal((UnixFileMode)0b110_000_000, System.IO.File.GetUnixFileMode(Path.Combine(Target, "secret")));
        Assert.Equal((UnixFileMode)0b101_101_101, System.IO.File.GetUnixFileMode(Path.Combine(Target, "ro")));
        Assert.Equal("inner", System.IO.File.ReadAllText(Path.Combine(Target, "ro", "inner.txt")));
        Assert.Equal("/etc/passwd", new FileInfo(Path.Combine(Target, "abs-link")).LinkTarget);
        Assert.Equal("#!/bin/sh\n", System.IO.File.ReadAllText(Path.Combine(Target, "hard")));
        Assert.Null(new FileInfo(Path.Combine(Target, "hard")).LinkTarget);
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("a/../../escape.txt")]
    [InlineData("/tmp/escape.txt")]
    [InlineData("./a/b/../../../escape.txt")]
    public async Task Entries_leaving_the_target_are_refused(string name)
    {
        using MemoryStream tar = Tar(File(name, "pwned"));

        var error = await Assert.ThrowsAsync<UnsafeArchiveEntryException>(() => Unpack(tar));

        Assert.Equal(name, error.EntryName);
        Assert.False(System.IO.File.Exists(_dir.Combine("escape.txt")));
    }

    [Fact]
    public async Task A_file_is_never_written_through_a_symlinked_parent()
    {
        string outside = _dir.Combine("outside");
        Directory.CreateDirectory(outside);
        using MemoryStream tar = Tar(
            Link(TarEntryType.SymbolicLink, "link", outside),
            File("link/pwned.txt", "pwned"));

        await Assert.ThrowsAsync<UnsafeArchiveEntryException>(() => Unpack(tar));

        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.Equal(outside, new FileInfo(Path.Combine(Target, "link")).LinkTarget);
    }

    [Fact]
    public async Task A_relative_symlink_parent_is_refused_too()
    {
        Directory.CreateDirectory(_dir.Combine("outside"));
        using MemoryStream tar = Tar(
            Link(TarEntryType.SymbolicLink, "up", "../outside"),
            Dir("up/sub/"));

        await Assert.ThrowsAsync<UnsafeArchiveEntryException>(() => Unpack(tar));

        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Combine("outside")));
    }

    [Fact]
    public async Task A_file_entry_replaces_a_symlink_instead_of_following_it()
    {
        string victim = _dir.Write("victim.txt", "original");
        using MemoryStream tar = Tar(
            Link(TarEntryType.SymbolicLink, "name", victim),
            File("name", "replacement"));

        await Unpack(tar);

        Assert.Equal("original", System.IO.File.ReadAllText(victim));
        Assert.Null(new FileInfo(Path.Combine(Target, "name")).LinkTarget);
        Assert.Equal("replacement", System.IO.File.ReadAllText(Path.Combine(Target, "name")));
    }

    [Fact]
    public async Task A_directory_entry_over_a_symlink_is_refused()
    {
        using MemoryStream tar = Tar(Link(TarEntryType.SymbolicLink, "etc", "/etc"), Dir("etc/"));

        await Assert.ThrowsAsync<UnsafeArchiveEntryException>(() => Unpack(tar));
    }

    [Fact]
    public async Task Hard_links_must_point_at_a_regular_file_inside_the_tree()
    {
        _dir.Write("outside.txt", "host");
        await Assert.ThrowsAsync<UnsafeArchiveEntryException>(() => Unpack(Tar(Link(TarEntryType.HardLink, "h", "../outside.txt"))));
        await Assert.ThrowsAsync<UnsafeArchiveEntryException>(() => Unpack(Tar(
            Link(TarEntryType.SymbolicLink, "s", _dir.Combine("outside.txt")),
            Link(TarEntryType.HardLink, "h", "s"))));

        Assert.False(System.IO.File.Exists(Path.Combine(Target, "h")));
    }

    [Fact]
    public async Task Devices_and_fifos_are_skipped_and_setuid_bits_dropped()
    {
        using MemoryStream tar = Tar(
            new PaxTarEntry(TarEntryType.CharacterDevice, "null") { DeviceMajor = 1, DeviceMinor = 3 },
            new PaxTarEntry(TarEntryType.Fifo, "pipe"),
            File("suid", "x", 0b100_111_101_101));

        TarUnpackResult result = await Unpack(tar);

        Assert.Equal(2, result.Skipped);
        Assert.False(Path.Exists(Path.Combine(Target, "null")));
        Assert.False(Path.Exists(Path.Combine(Target, "pipe")));
        Assert.Equal((UnixFileMode)0b111_101_101, System.IO.File.GetUnixFileMode(Path.Combine(Target, "suid")));
    }

    [Fact]
    public async Task The_size_limit_stops_an_oversized_archive_before_the_entry_that_crosses_it()
    {
        using MemoryStream tar = Tar(File("a", new string('a', 600)), File("b", new string('b', 600)));

        var ex = await Assert.ThrowsAsync<ArchiveLimitException>(() =>
            TarUnpacker.UnpackAsync(tar, Target, new TarUnpackOptions { MaxTotalBytes = 1000 }, CancellationToken.None));

        Assert.Equal("more than 1000 bytes (stopped at 'b')", ex.Message);
        Assert.True(System.IO.File.Exists(Path.Combine(Target, "a")));
        Assert.False(System.IO.File.Exists(Path.Combine(Target, "b")));
    }

    [Fact]
    public async Task Hard_links_count_their_bytes_again_so_a_link_farm_hits_the_size_limit()
    {
        using MemoryStream tar = Tar(
            File("big", new string('x', 400)),
            Link(TarEntryType.HardLink, "l1", "big"),
            Link(TarEntryType.HardLink, "l2", "big"),
            Link(TarEntryType.HardLink, "l3", "big"));

        var ex = await Assert.ThrowsAsync<ArchiveLimitException>(() =>
            TarUnpacker.UnpackAsync(tar, Target, new TarUnpackOptions { MaxTotalBytes = 1000 }, CancellationToken.None));

        Assert.Contains("stopped at 'l2'", ex.Message, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(Path.Combine(Target, "l2")));
    }

    [Fact]
    public async Task The_entry_limit_stops_a_flood_of_small_files()
    {
        using MemoryStream tar = Tar([.. Enumerable.Range(0, 20).Select(i => (TarEntry)File($"f{i:00}", ""))]);

        var ex = await Assert.ThrowsAsync<ArchiveLimitException>(() =>
            TarUnpacker.UnpackAsync(tar, Target, new TarUnpackOptions { MaxEntries = 10 }, CancellationToken.None));

        Assert.Equal("more than 10 entries (stopped at 'f10')", ex.Message);
        Assert.Equal(10, Directory.GetFiles(Target).Length);
    }
}
