using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Tasks;
using HarnessBench.Core.Tests.Support;

namespace HarnessBench.Core.Tests.Tasks;

public class SolutionSurfaceTests
{
    [Theory]
    [InlineData("wordfreq.py", "wordfreq.py", true)]
    [InlineData("wordfreq.py", "sub/wordfreq.py", false)]
    [InlineData("*.py", "a.py", true)]
    [InlineData("*.py", "pkg/a.py", false)]
    [InlineData("src/**/*.rs", "src/lib.rs", true)]
    [InlineData("src/**/*.rs", "src/a/b/c.rs", true)]
    [InlineData("src/**/*.rs", "build.rs", false)]
    [InlineData("src/**/*.rs", "srcx/lib.rs", false)]
    [InlineData("src/**", "src/a/b", true)]
    [InlineData("lib?.c", "lib1.c", true)]
    [InlineData("lib?.c", "lib12.c", false)]
    [InlineData("a.b", "axb", false)]
    public void Globs_match_workspace_relative_paths(string glob, string path, bool expected) =>
        Assert.Equal(expected, SolutionSurface.Create([glob]).Contains(path));

    [Fact]
    public void An_excluding_glob_wins_over_an_including_one()
    {
        var surface = SolutionSurface.Create(["**/*.py", "!**/conftest.py", "!sitecustomize.py"]);

        Assert.True(surface.Contains("pkg/mod.py"));
        Assert.False(surface.Contains("pkg/conftest.py"));
        Assert.False(surface.Contains("conftest.py"));
        Assert.False(surface.Contains("sitecustomize.py"));
    }

    [Theory]
    [InlineData("/etc/passwd", "absolute path")]
    [InlineData("../x.py", "'..'")]
    [InlineData("a//b", "empty")]
    [InlineData("src/a**.rs", "'**' mixed")]
    [InlineData("!", "empty glob")]
    [InlineData("a\\b", "backslash")]
    public void Bad_globs_are_refused_with_the_reason(string glob, string problem)
    {
        Assert.Contains(problem, SolutionSurface.Problem(glob), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SolutionSurface.Create([glob]));
    }

    [Fact]
    public void Task_yaml_requires_checks_and_surface_and_reports_bad_globs_on_their_line()
    {
        using var dir = new TempDirectory();
        dir.Write("tasks/t/task.yaml", "id: t\ntitle: T\nprompt: p\nlanguage: python\ndifficulty: easy\ncategory: c\ntoolchain: python\nsurface: [ok.py, ../bad.py]\n");
        dir.Write("tasks/t/tests/test.sh", "true\n");
        dir.Write("tasks/t/solution/ok.py", "x = 1\n");

        var result = TaskRepository.Load(dir.Combine("tasks"));

        Assert.Contains(result.Errors, e => e.Message == "missing required key 'checks'");
        var glob = Assert.Single(result.Errors, e => e.Message.StartsWith("surface glob '../bad.py'", StringComparison.Ordinal));
        Assert.Equal(8, glob.Location.Line);
        Assert.Equal(["t"], result.ErrorsByTask.Keys);
    }

    [Fact]
    public void A_single_shot_task_grades_its_answer_file_unless_it_says_otherwise()
    {
        using var dir = new TempDirectory();
        TestBench.WriteTask(dir, "ss", "mode: single-shot\nsingle_shot: { file: answer.txt }");
        File.WriteAllText(dir.Combine("tasks/ss/task.yaml"), File.ReadAllText(dir.Combine("tasks/ss/task.yaml")).Replace("surface: [answer.txt]\n", "", StringComparison.Ordinal));

        var task = Assert.Single(TaskRepository.Load(dir.Combine("tasks")).Tasks);

        Assert.Equal(["answer.txt"], task.Surface!.Globs);
    }
}

public class GradedWorkspaceTests
{
    [Fact]
    public void Seed_files_stay_the_seeds_and_only_surface_files_come_from_the_agent()
    {
        using var dir = new TempDirectory();
        dir.Write("seed/src/lib.rs", "todo!()");
        dir.Write("seed/Cargo.toml", "[package]\nname = \"x\"\n");
        dir.Write("seed/src/old.rs", "// removed by the agent");
        dir.Write("final/src/lib.rs", "fn solved() {}");
        dir.Write("final/src/extra/helper.rs", "fn helper() {}");
        dir.Write("final/Cargo.toml", "[package]\nname = \"x\"\nbuild = \"build.rs\"\n");
        dir.Write("final/build.rs", "fn main() { std::process::exit(0) }");
        dir.Write("final/.cargo/config.toml", "[target.x86_64-unknown-linux-gnu]\nrunner = \"true\"\n");
        File.CreateSymbolicLink(dir.Combine("final/src/link.rs"), "/etc/passwd");

        var files = GradedWorkspace.Compose(dir.Combine("seed"), dir.Combine("final"), SolutionSurface.Create(["src/**/*.rs"]), dir.Combine("graded"));

        Assert.Equal("fn solved() {}", File.ReadAllText(dir.Combine("graded/src/lib.rs")));
        Assert.Equal("fn helper() {}", File.ReadAllText(dir.Combine("graded/src/extra/helper.rs")));
        Assert.Equal("[package]\nname = \"x\"\n", File.ReadAllText(dir.Combine("graded/Cargo.toml")));
        Assert.False(File.Exists(dir.Combine("graded/build.rs")));
        Assert.False(Directory.Exists(dir.Combine("graded/.cargo")));
        Assert.False(File.Exists(dir.Combine("graded/src/old.rs")));
        Assert.False(File.Exists(dir.Combine("graded/src/link.rs")) || new FileInfo(dir.Combine("graded/src/link.rs")).LinkTarget is not null);
        Assert.Equal(["src/extra/helper.rs", "src/lib.rs"], files.Surface);
        Assert.Equal([".cargo/config.toml", "Cargo.toml", "build.rs", "src/link.rs (symlink)"], files.Ignored);
        Assert.Equal(["src/old.rs"], files.Deleted);
    }

    [Fact]
    public void Unchanged_files_outside_the_surface_are_not_reported_and_the_target_is_made_fresh()
    {
        using var dir = new TempDirectory();
        dir.Write("seed/a.py", "x");
        dir.Write("seed/notes.md", "same");
        dir.Write("final/a.py", "y");
        dir.Write("final/notes.md", "same");
        dir.Write("graded/stale.txt", "from an earlier attempt");

        var files = GradedWorkspace.Compose(dir.Combine("seed"), dir.Combine("final"), SolutionSurface.Create(["a.py"]), dir.Combine("graded"));

        Assert.Empty(files.Ignored);
        Assert.False(File.Exists(dir.Combine("graded/stale.txt")));
        Assert.Equal("y", File.ReadAllText(dir.Combine("graded/a.py")));
    }
}
