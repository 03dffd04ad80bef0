using System.Runtime.Versioning;
using System.Text;
using HarnessBench.Docker.Images;

namespace HarnessBench.Docker.Tests.Images;

public sealed class ContentHasherTests
{
    private static BuildContext Context(params (string Path, string Content, bool Executable)[] files)
    {
        var context = new BuildContext();
        foreach (var (path, content, executable) in files)
        {
            context.Add(path, Encoding.UTF8.GetBytes(content), executable);
        }

        return context;
    }

    private static readonly (string, string, bool)[] Sample =
    [
        ("Dockerfile", "ARG BASE\nFROM ${BASE}\n", false),
        ("bin/run.sh", "#!/bin/sh\necho hi\n", true),
    ];

    [Fact]
    public void Same_inputs_give_the_same_lower_case_sha256_hex()
    {
        var first = ContentHasher.Compute(Context(Sample), "parent");
        var second = ContentHasher.Compute(Context(Sample), "parent");

        Assert.Equal(first, second);
        Assert.Matches("^[0-9a-f]{64}$", first);
    }

    [Fact]
    public void Order_in_which_files_are_added_does_not_matter()
    {
        var reversed = Sample.Reverse().ToArray();

        Assert.Equal(ContentHasher.Compute(Context(Sample), null), ContentHasher.Compute(Context(reversed), null));
    }

    [Fact]
    public void A_changed_byte_changes_the_hash()
    {
        var changed = Context(("Dockerfile", "ARG BASE\nFROM ${BASE}\n", false), ("bin/run.sh", "#!/bin/sh\necho ho\n", true));

        Assert.NotEqual(ContentHasher.Compute(Context(Sample), null), ContentHasher.Compute(changed, null));
    }

    [Fact]
    public void A_changed_mode_changes_the_hash()
    {
        var notExecutable = Context(("Dockerfile", "ARG BASE\nFROM ${BASE}\n", false), ("bin/run.sh", "#!/bin/sh\necho hi\n", false));

        Assert.NotEqual(ContentHasher.Compute(Context(Sample), null), ContentHasher.Compute(notExecutable, null));
    }

    [Fact]
    public void A_renamed_file_changes_the_hash()
    {
        var renamed = Context(("Dockerfile", "ARG BASE\nFROM ${BASE}\n", false), ("bin/start.sh", "#!/bin/sh\necho hi\n", true));

        Assert.NotEqual(ContentHasher.Compute(Context(Sample), null), ContentHasher.Compute(renamed, null));
    }

    [Fact]
    public void The_parent_hash_changes_the_hash()
    {
        Assert.NotEqual(ContentHasher.Compute(Context(Sample), "aaaa"), ContentHasher.Compute(Context(Sample), "bbbb"));
        Assert.NotEqual(ContentHasher.Compute(Context(Sample), null), ContentHasher.Compute(Context(Sample), "aaaa"));
    }

    [Fact]
    public void Extra_inputs_change_the_hash()
    {
        var one = new Dictionary<string, ReadOnlyMemory<byte>> { ["rootfs-script"] = Encoding.UTF8.GetBytes("debootstrap a") };
        var two = new Dictionary<string, ReadOnlyMemory<byte>> { ["rootfs-script"] = Encoding.UTF8.GetBytes("debootstrap b") };

        Assert.NotEqual(ContentHasher.Compute(Context(Sample), null, one), ContentHasher.Compute(Context(Sample), null, two));
        Assert.NotEqual(ContentHasher.Compute(Context(Sample), null), ContentHasher.Compute(Context(Sample), null, one));
    }

    [Fact]
    public void Moving_bytes_between_path_and_content_changes_the_hash()
    {
        // Length prefixes keep ("ab", "c") and ("a", "bc") apart.
        Assert.NotEqual(
            ContentHasher.Compute(Context(("ab", "c", false)), null),
            ContentHasher.Compute(Context(("a", "bc", false)), null));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Files_on_disk_hash_like_the_same_files_in_memory_and_only_the_exec_bit_of_the_mode_counts()
    {
        using var tree = new TempDirectory();
        tree.Write("ctx/Dockerfile", "ARG BASE\nFROM ${BASE}\n");
        var script = tree.Write("ctx/bin/run.sh", "#!/bin/sh\necho hi\n", TempDirectory.Executable);
        var before = ContentHasher.Compute(BuildContext.FromDirectory(tree.Combine("ctx")), null);

        // Group write (a different umask) is not part of the hash; the executable bit is.
        File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.GroupWrite);
        Assert.Equal(before, ContentHasher.Compute(BuildContext.FromDirectory(tree.Combine("ctx")), null));
        Assert.Equal(ContentHasher.Compute(Context(Sample), null), before);

        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.NotEqual(before, ContentHasher.Compute(BuildContext.FromDirectory(tree.Combine("ctx")), null));
    }
}
