using System.Diagnostics;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Results;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Tests.Support;

namespace HarnessBench.Core.Tests.Pipeline;

public class WorkspaceAndOracleTests
{
    [Fact]
    public async Task Scratch_workspace_copies_the_seed_and_never_follows_links_out_of_it()
    {
        using var h = new PipelineHarness();
        var seed = Path.Combine(h.TaskDirectory, "workspace");
        h.Dir.Write("tasks/hello/workspace/src/main.py", "print(1)");
        var secret = h.Dir.Write("secret.txt", "host secret");
        File.CreateSymbolicLink(Path.Combine(seed, "leak.txt"), secret);
        Directory.CreateSymbolicLink(Path.Combine(seed, "leak-dir"), h.Dir.Path);
        File.CreateSymbolicLink(Path.Combine(seed, "main-link.py"), Path.Combine(seed, "src", "main.py"));
        var seen = new List<string>();
        string? preparedLink = null;
        h.Runtime.OnAgent = (c, _) =>
        {
            preparedLink = new FileInfo(Path.Combine(h.Work.Paths.Workspace, "main-link.py")).LinkTarget;
            seen.AddRange(Directory.EnumerateFileSystemEntries(c.PathOf("/workspace"), "*", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(c.PathOf("/workspace"), p)));
            return Task.FromResult(c.Exit(0));
        };

        await h.RunAsync();

        Assert.Equal(["README.md", "main-link.py", "src", "src/main.py"], seen.Order(StringComparer.Ordinal));
        Assert.Equal("src/main.py", preparedLink); // recreated as a relative link inside the copy
    }

    [Fact]
    public async Task A_stale_cell_folder_from_an_earlier_attempt_is_replaced()
    {
        using var h = new PipelineHarness();
        var stale = Path.Combine(h.Work.Paths.Workspace, "from-last-attempt.txt");
        Directory.CreateDirectory(Path.Combine(h.Work.Paths.Workspace, "locked"));
        File.WriteAllText(stale, "old");
        File.WriteAllText(h.Work.Paths.ErrorLog, "old error");
        new DirectoryInfo(Path.Combine(h.Work.Paths.Workspace, "locked")).UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserExecute;

        var result = await h.RunAsync();

        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.False(File.Exists(stale));
        Assert.Null(result.Logs.Error);
    }

    [Fact]
    public async Task Oracle_copies_the_solution_read_only_and_runs_its_script_in_the_workspace()
    {
        using var h = new PipelineHarness("oracle");

        await h.RunAsync();

        var agent = Assert.Single(h.Runtime.SpecsFor("agent"));
        Assert.Equal("hb/python+oracle", agent.Image);
        Assert.Equal(["bash", "-c"], agent.Command.Take(2));
        Assert.Equal("/opt/hbench/oracle", agent.Environment["HB_ORACLE_DIR"]);
        Assert.Equal(
        [
            new DirectoryCopyIn(h.Work.Paths.Workspace, "/workspace", "1000:1000", ReadOnly: false),
            new DirectoryCopyIn(Path.Combine(h.TaskDirectory, "solution"), "/opt/hbench/oracle", "0:0", ReadOnly: true),
        ], agent.CopyIn);
    }

    [Fact]
    public void Oracle_script_overlays_solution_files_then_runs_solve_sh()
    {
        using var dir = new TempDirectory();
        dir.Write("solution/answer.txt", "42\n");
        dir.Write("solution/.config/settings", "dotfiles too\n");
        dir.Write("solution/solve.sh", "echo solved > solved-by-script.txt\n");
        dir.Write("workspace/answer.txt", "seed\n");
        dir.Write("workspace/keep.txt", "kept\n");
        // The copy-in is read-only: the script must cope with files without write bits.
        foreach (var file in Directory.EnumerateFiles(dir.Combine("solution"), "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(file, UnixFileMode.UserRead);

        var (exit, output) = RunBash(ReferenceSolutionHarness.Script, dir.Combine("workspace"), ("HB_ORACLE_DIR", dir.Combine("solution")));

        Assert.True(exit == 0, output);
        Assert.Equal("42\n", File.ReadAllText(dir.Combine("workspace/answer.txt")));
        Assert.Equal("dotfiles too\n", File.ReadAllText(dir.Combine("workspace/.config/settings")));
        Assert.Equal("kept\n", File.ReadAllText(dir.Combine("workspace/keep.txt")));
        Assert.Equal("solved\n", File.ReadAllText(dir.Combine("workspace/solved-by-script.txt")));
        Assert.False(File.Exists(dir.Combine("workspace/solve.sh")));
        File.AppendAllText(dir.Combine("workspace/answer.txt"), "writable again\n");
    }

    [Fact]
    public void Oracle_script_fails_when_solve_sh_fails()
    {
        using var dir = new TempDirectory();
        dir.Write("solution/solve.sh", "exit 7\n");
        Directory.CreateDirectory(dir.Combine("workspace"));

        var (exit, _) = RunBash(ReferenceSolutionHarness.Script, dir.Combine("workspace"), ("HB_ORACLE_DIR", dir.Combine("solution")));

        Assert.Equal(7, exit);
    }

    [Fact]
    public async Task Wrong_harness_applies_wrong_and_is_an_infra_error_without_it()
    {
        var registry = HarnessRegistry.CreateWithBuiltIns().Add(BuiltInHarnesses.Wrong());
        using var h = new PipelineHarness("wrong", registry: registry);
        var withoutWrong = await h.RunAsync();
        h.Dir.Write("tasks/hello/wrong/answer.txt", "41\n");

        var withWrong = await h.RunAsync();

        Assert.Equal(ErrorKind.Infra, withoutWrong.ErrorKind);
        Assert.Contains("has no wrong/ directory", withoutWrong.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(Verdict.Pass, withWrong.Verdict); // the fake grader passes anything; the point is what went in
        var agent = Assert.Single(h.Runtime.SpecsFor("agent"));
        Assert.Equal(new DirectoryCopyIn(Path.Combine(h.TaskDirectory, "wrong"), "/opt/hbench/oracle", "0:0", ReadOnly: true), agent.CopyIn[1]);
    }

    [Fact]
    public void Run_context_for_a_bench_has_a_sortable_unique_session()
    {
        using var h = new PipelineHarness();
        var bench = TestBench.Load(h.Dir, "name: p\nmodels: [{ name: m, scripted: scripts/demo.yaml }]\nharnesses: [nop]\n");

        var a = RunContext.For(bench, h.Clock);
        var b = RunContext.For(bench, h.Clock);

        Assert.Equal(("p", bench.RunDirectory), (a.RunId, a.RunDirectory));
        Assert.Matches("^20250102T030405Z-[0-9a-f]{6}$", a.SessionId);
        Assert.NotEqual(a.SessionId, b.SessionId);
    }

    [Fact]
    public void Registry_has_the_built_ins_and_rejects_duplicates()
    {
        var registry = HarnessRegistry.CreateWithBuiltIns();

        Assert.Equal(["bare", "nop", "oracle", "single-shot"], registry.Names.Order(StringComparer.Ordinal));
        Assert.Throws<ArgumentException>(() => registry.Add(BuiltInHarnesses.Nop()));
        Assert.Throws<KeyNotFoundException>(() => registry.Get("aider"));
    }

    private static (int Exit, string Output) RunBash(string script, string workingDirectory, params (string Key, string Value)[] environment)
    {
        var start = new ProcessStartInfo("bash", ["-c", script])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
