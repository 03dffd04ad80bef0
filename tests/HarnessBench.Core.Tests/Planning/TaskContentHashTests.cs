using HarnessBench.Core.Tests.Support;

namespace HarnessBench.Core.Tests.Planning;

public class TaskContentHashTests
{
    private static string Hash(TempDirectory dir) => TestBench.Load(dir, "name: h\nmodels: [{ name: m, scripted: scripts/demo.yaml }]\nharnesses: [nop]\n").Tasks[0].ContentHash;

    [Fact]
    public void Content_hash_covers_definition_tests_workspace_and_solution_only()
    {
        using var dir = new TempDirectory();
        var task = TestBench.WriteTask(dir, "t1");
        var baseline = Hash(dir);
        Assert.Equal(baseline, Hash(dir));

        File.WriteAllText(Path.Combine(task, "NOTES.md"), "not part of the task's behaviour");
        Assert.Equal(baseline, Hash(dir));

        var changes = new Action[]
        {
            () => File.AppendAllText(Path.Combine(task, "tests", "test.sh"), "# changed\n"),
            () => File.WriteAllText(Path.Combine(task, "workspace", "new.txt"), ""),
            () => Directory.CreateDirectory(Path.Combine(task, "workspace", "empty-dir")),
            () => File.WriteAllText(Path.Combine(task, "solution", "answer.txt"), "43\n"),
            () => File.SetUnixFileMode(Path.Combine(task, "tests", "test.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute),
            () => File.AppendAllText(Path.Combine(task, "task.yaml"), "tags: [x]\n"),
        };
        var seen = new HashSet<string> { baseline };
        foreach (var change in changes)
        {
            change();
            Assert.True(seen.Add(Hash(dir)), "a change to the task did not change its content hash");
        }
    }

    [Fact]
    public void Symlinks_are_hashed_as_links_and_never_followed()
    {
        using var dir = new TempDirectory();
        var task = TestBench.WriteTask(dir, "t1");
        var outside = dir.Write("outside/secret.txt", "v1");
        File.CreateSymbolicLink(Path.Combine(task, "workspace", "link"), outside);
        var before = Hash(dir);

        File.WriteAllText(outside, "v2");

        Assert.Equal(before, Hash(dir));
    }
}
