using HarnessBench.Core.Audit.Decoys;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Tests.Support;

namespace HarnessBench.Core.Tests.Audit;

public sealed class DecoyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Canaries_are_well_formed_and_unique()
    {
        var canaries = Enumerable.Range(0, 5000).Select(_ => Canary.New()).ToList();
        Assert.All(canaries, c => Assert.True(Canary.IsWellFormed(c), c));
        Assert.Equal(canaries.Count, canaries.Distinct(StringComparer.Ordinal).Count());
        Assert.All(canaries, c => Assert.DoesNotContain("HARNESSBENCH-CANARY", c, StringComparison.Ordinal));
        Assert.False(Canary.IsWellFormed("HBC-XYZ"));
        Assert.False(Canary.IsWellFormed("HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train"));
    }

    [Theory]
    [InlineData("python", "python3 -I -m pytest")]
    [InlineData("torch", "python3 -I -m pytest")]
    [InlineData("c-cpp", "gcc ")]
    [InlineData("rust", "cargo test")]
    [InlineData("node", "node --test")]
    [InlineData("sql", "sqlite3 ")]
    public void Grader_decoys_look_like_the_tasks_kind_of_grader_and_every_file_carries_the_canary(string toolchain, string runner)
    {
        var canary = Canary.New();
        var files = DecoyRenderer.Render(new DecoySite("/tests", DecoySiteKind.Grader), "py-word-freq", toolchain, canary);

        Assert.Equal(["test.sh", "test_py_word_freq.py", "expected_output.txt"], files.Take(3).Select(f => f.RelativePath));
        // What test.sh names next to itself exists too (check_main.c for C, check.test.js for Node).
        foreach (var extra in files.Skip(3)) Assert.Contains(extra.RelativePath, TestScriptOf(files), StringComparison.Ordinal);
        Assert.Equal(toolchain is "c-cpp" or "node" ? 4 : 3, files.Count);
        Assert.All(files, f => Assert.Contains(canary, f.Content, StringComparison.Ordinal));
        var script = files[0];
        Assert.True(script.Executable);
        Assert.StartsWith("#!/usr/bin/env bash\n", script.Content, StringComparison.Ordinal);
        Assert.Contains(runner, script.Content, StringComparison.Ordinal);
        // Paths in the script point at the site it sits in.
        Assert.Contains("/tests/", script.Content, StringComparison.Ordinal);
        Assert.Contains("def test_", files[1].Content, StringComparison.Ordinal);
    }

    private static string TestScriptOf(IReadOnlyList<DecoyFile> files) => files[0].Content;

    [Fact]
    public void Solution_decoys_carry_the_canary_and_nothing_from_the_real_solution()
    {
        var canary = Canary.New();
        var files = DecoyRenderer.Render(new DecoySite("/solution", DecoySiteKind.Solution), "c-matrix", "c-cpp", canary);
        Assert.Equal(["solve.sh", "reference.c"], files.Select(f => f.RelativePath));
        Assert.All(files, f => Assert.Contains(canary, f.Content, StringComparison.Ordinal));
        Assert.Empty(DecoyRenderer.Render(new DecoySite("/tasks/x", DecoySiteKind.RealTaskFolder), "x", "python", canary));
    }

    [Fact]
    public void Layouts_follow_the_settings()
    {
        var task = Task("t1");
        var standard = DecoyLayout.For(AuditSettings.Default, task);
        Assert.Equal("standard", standard.Name);
        Assert.Equal(["/tests", "/grader", "/tasks/t1/tests", "/solution"], standard.GraderPaths);
        Assert.Equal(DecoySiteKind.Solution, standard.Sites[3].Kind);

        var custom = DecoyLayout.For(new AuditSettings(DecoyMode.Custom, ["/srv/grader", "/opt/reference-solution"], SandboxLayout.Isolated), task);
        Assert.Equal("custom", custom.Name);
        Assert.Equal([DecoySiteKind.Grader, DecoySiteKind.Solution], custom.Sites.Select(s => s.Kind));

        var legacy = DecoyLayout.For(new AuditSettings(DecoyMode.Standard, [], SandboxLayout.Legacy), task);
        Assert.True(legacy.IsLegacy);
        Assert.Equal(["/tasks/t1"], legacy.GraderPaths);

        Assert.Empty(DecoyLayout.For(AuditSettings.None, task).Sites);
    }

    [Fact]
    public void Staging_writes_root_owned_read_only_copy_ins_and_cleans_up()
    {
        var task = Task("t1");
        var canary = Canary.New();
        string root;
        using (var staged = StagedDecoys.Stage(DecoyLayout.For(AuditSettings.Default, task), task, canary))
        {
            Assert.Equal(["/tests", "/grader", "/tasks/t1/tests", "/solution"], staged.CopyIns.Select(c => c.ContainerPath));
            Assert.All(staged.CopyIns, c =>
            {
                Assert.Equal("0:0", c.Owner);
                Assert.True(c.ReadOnly);
                Assert.False(c.HostDirectory.StartsWith(task.Directory, StringComparison.Ordinal));
            });
            var testSh = Path.Combine(staged.CopyIns[0].HostDirectory, "test.sh");
            Assert.Contains(canary, File.ReadAllText(testSh), StringComparison.Ordinal);
            Assert.True(File.GetUnixFileMode(testSh).HasFlag(UnixFileMode.OtherExecute));
            Assert.True(File.Exists(Path.Combine(staged.CopyIns[3].HostDirectory, "solve.sh")));
            root = Path.GetDirectoryName(staged.CopyIns[0].HostDirectory)!;
        }
        Assert.False(Directory.Exists(root));
        Assert.Throws<InvalidOperationException>(() => StagedDecoys.Stage(DecoyLayout.For(AuditSettings.Default, task), task, canary: null));
    }

    [Fact]
    public void Legacy_staging_copies_the_real_task_with_the_canary_appended_and_leaves_the_original_untouched()
    {
        var task = Task("t1");
        var original = File.ReadAllText(Path.Combine(task.Directory, "tests", "test.sh"));
        var canary = Canary.New();
        using var staged = StagedDecoys.Stage(DecoyLayout.For(new AuditSettings(DecoyMode.Off, [], SandboxLayout.Legacy), task), task, canary);

        var copy = Assert.Single(staged.CopyIns);
        Assert.Equal("/tasks/t1", copy.ContainerPath);
        var copied = File.ReadAllText(Path.Combine(copy.HostDirectory, "tests", "test.sh"));
        Assert.StartsWith(original, copied, StringComparison.Ordinal);
        Assert.Contains(canary, copied, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(copy.HostDirectory, "solution", "answer.txt")));
        Assert.Equal(original, File.ReadAllText(Path.Combine(task.Directory, "tests", "test.sh")));
    }

    [Fact]
    public void The_decoy_layout_is_part_of_the_definition_hash_and_off_keeps_the_old_hash()
    {
        TestBench.WriteTask(_dir, "t1");
        string HashWith(string audit) =>
            Planner.Expand(TestBench.Load(_dir, $"name: h\nharnesses: [nop]\n{audit}"), HarnessRegistry.CreateWithBuiltIns()).Cells[0].DefinitionHash;

        var off = HashWith("audit: { decoys: off }");
        var standard = HashWith("");
        var custom = HashWith("audit: { decoys: [/tests] }");
        var legacy = HashWith("sandbox: { layout: legacy }");
        Assert.Equal(4, new[] { off, standard, custom, legacy }.Distinct().Count());
        var bench = TestBench.Load(_dir, "name: h\nharnesses: [nop]\naudit: { decoys: off }");
        var cell = Planner.Expand(bench, HarnessRegistry.CreateWithBuiltIns()).Cells[0];
        // Decoys off: the hash is what it was before decoys existed.
        Assert.Equal(DefinitionHasher.Compute(cell.Model, cell.Harness, cell.HarnessVersion, cell.Task, cell.Timeouts, cell.Limits), off);
        Assert.Equal("standard", Planner.Expand(TestBench.Load(_dir, "name: h\nharnesses: [nop]"), HarnessRegistry.CreateWithBuiltIns()).Cells[0].Decoys.Name);
    }

    private Core.Tasks.TaskDefinition Task(string id)
    {
        TestBench.WriteTask(_dir, id);
        var bench = TestBench.Load(_dir, "name: d\nharnesses: [nop]");
        return bench.Tasks.Single(t => t.Id == id);
    }
}
