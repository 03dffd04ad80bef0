using HarnessBench.Cli.Viewer;

namespace HarnessBench.Cli.Tests.Viewer;

/// <summary>The cell page's workspace diff: unified line diffs and the seed comparison.</summary>
public sealed class WorkspaceDiffTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hbench-seed-diff-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Render(IReadOnlyList<DiffLine> lines) =>
        string.Join('\n', lines.Select(l => l.Kind == '@' ? l.Text : l.Kind + l.Text));

    [Fact]
    public void A_changed_line_gives_one_hunk_with_three_lines_of_context()
    {
        string[] before = ["a", "b", "c", "d", "e", "f", "g", "h"];
        string[] after = ["a", "b", "c", "d", "E", "f", "g", "h"];

        Assert.Equal("@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h", Render(LineDiff.Unified(before, after)));
    }

    [Fact]
    public void Distant_changes_make_separate_hunks_and_near_ones_merge()
    {
        var before = Enumerable.Range(1, 30).Select(i => $"line {i}").ToList();
        var after = before.ToList();
        after[1] = "changed 2";
        after[3] = "changed 4";
        after[25] = "changed 26";
        after.Insert(28, "inserted");

        var hunks = LineDiff.Unified(before, after).Where(l => l.Kind == '@').Select(l => l.Text).ToList();

        Assert.Equal(["@@ -1,7 +1,7 @@", "@@ -23,8 +23,9 @@"], hunks);
    }

    [Fact]
    public void Added_and_removed_files_diff_against_nothing()
    {
        Assert.Equal("@@ -0,0 +1,2 @@\n+x\n+y", Render(LineDiff.Unified([], ["x", "y"])));
        Assert.Equal("@@ -1,1 +0,0 @@\n-x", Render(LineDiff.Unified(["x"], [])));
        Assert.Empty(LineDiff.Unified(["same"], ["same"]));
    }

    [Fact]
    public void The_diff_is_minimal_on_interleaved_edits()
    {
        string[] before = ["a", "b", "c", "a", "b", "b", "a"];
        string[] after = ["c", "b", "a", "b", "a", "c"];

        var lines = LineDiff.Unified(before, after, context: 0);

        // Myers' classic example: the shortest edit script has 5 edits.
        Assert.Equal(5, lines.Count(l => l.Kind is '+' or '-'));
    }

    [Fact]
    public void Too_many_edits_fall_back_to_a_whole_replacement()
    {
        var before = Enumerable.Range(0, 500).Select(i => $"a{i}").ToList();
        var after = Enumerable.Range(0, 500).Select(i => $"b{i}").ToList();

        var lines = LineDiff.Unified(before, after, maxEdits: 10);

        Assert.Equal(500, lines.Count(l => l.Kind == '-'));
        Assert.Equal(500, lines.Count(l => l.Kind == '+'));
    }

    [Fact]
    public void Seed_comparison_finds_added_removed_changed_binary_and_linked_files()
    {
        var seed = Directory.CreateDirectory(Path.Combine(_root, "seed")).FullName;
        var final = Directory.CreateDirectory(Path.Combine(_root, "final")).FullName;
        File.WriteAllText(Path.Combine(seed, "same.py"), "x = 1\n");
        File.WriteAllText(Path.Combine(final, "same.py"), "x = 1\n");
        File.WriteAllText(Path.Combine(seed, "edit.py"), "x = 1\ny = 2\n");
        File.WriteAllText(Path.Combine(final, "edit.py"), "x = 1\ny = 3\n");
        File.WriteAllText(Path.Combine(seed, "gone.py"), "bye\n");
        Directory.CreateDirectory(Path.Combine(final, "sub"));
        File.WriteAllText(Path.Combine(final, "sub", "new.py"), "hello\n");
        File.WriteAllBytes(Path.Combine(final, "blob.bin"), [1, 0, 2]);
        File.CreateSymbolicLink(Path.Combine(final, "link"), "/etc/passwd");

        var changes = SeedDiff.Compare(seed, final);

        Assert.Null(changes.Problem);
        Assert.Equal(1, changes.Unchanged);
        Assert.Equal(["blob.bin", "edit.py", "gone.py", "link", "sub/new.py"], changes.Files.Select(f => f.Path));
        var byPath = changes.Files.ToDictionary(f => f.Path);
        Assert.Equal(FileChangeKind.Changed, byPath["edit.py"].Kind);
        Assert.Contains(new DiffLine('+', "y = 3"), byPath["edit.py"].Lines);
        Assert.Equal(FileChangeKind.Removed, byPath["gone.py"].Kind);
        Assert.Equal(FileChangeKind.Added, byPath["sub/new.py"].Kind);
        Assert.StartsWith("binary", byPath["blob.bin"].Note, StringComparison.Ordinal);
        Assert.Equal("symlink → /etc/passwd", byPath["link"].Note); // compared as a link, never followed
    }

    [Fact]
    public void A_missing_seed_is_said_not_thrown()
    {
        var final = Directory.CreateDirectory(Path.Combine(_root, "final2")).FullName;

        Assert.NotNull(SeedDiff.Compare(Path.Combine(_root, "none"), final).Problem);
        Assert.NotNull(SeedDiff.Compare(null, Path.Combine(_root, "none")).Problem);
    }
}
