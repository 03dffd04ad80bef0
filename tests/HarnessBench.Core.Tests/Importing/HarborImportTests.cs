using HarnessBench.Core.Importing;

namespace HarnessBench.Core.Tests.Importing;

/// <summary>Harbor tasks (synthetic fixtures in Harbor's layout) and the refusals, each with its exact reason.</summary>
public sealed class HarborImportTests : IDisposable
{
    private readonly ImportFixtures _fixtures = new();

    public void Dispose() => _fixtures.Dispose();

    [Fact]
    public void A_harbor_task_maps_its_toml_environment_tests_and_solution_files()
    {
        var result = _fixtures.Import("synthetic", "harbor-hello-c");

        Assert.True(result.Status == ImportStatus.Imported, result.Reason);
        Assert.Equal("harbor", result.Format);
        var task = _fixtures.Load("harbor-hello-c");
        Assert.Equal("python+c-cpp", task.Toolchain);
        Assert.Equal(3, task.Checks); // a module function and two methods of a Test class
        Assert.Equal(1.0, task.Resources.Cpus);
        Assert.Equal(1024L << 20, task.Resources.MemoryBytes);
        Assert.Equal(TimeSpan.FromSeconds(300), task.AgentTimeout);
        Assert.Equal("c", task.Language);
        Assert.StartsWith("Write /app/hello.c", task.Prompt, StringComparison.Ordinal);

        var grade = _fixtures.Read("harbor-hello-c", "tests/grade.py");
        Assert.Contains("test_state.py::TestSource::test_notes_kept", grade, StringComparison.Ordinal);
        Assert.Contains("\"GREETING\":\"hello\"", grade, StringComparison.Ordinal); // [verifier] env
        Assert.DoesNotContain("ctrf", grade, StringComparison.Ordinal); // a plugin option the image's pytest lacks
        Assert.True(File.Exists(Path.Combine(_fixtures.Into, "harbor-hello-c", "workspace", "notes.txt")));

        var solve = _fixtures.Read("harbor-hello-c", "solution/solve.sh");
        Assert.Contains("export SOLVER='reference'", solve, StringComparison.Ordinal); // [solution.env]
        Assert.Contains("cp /tmp/hb-solution/hello.c /app/hello.c", solve, StringComparison.Ordinal);
        Assert.Contains("base64 -d > /tmp/hb-solution/hello.c", solve, StringComparison.Ordinal);
        Assert.Contains("allows internet access", _fixtures.Read("harbor-hello-c", "IMPORT.md"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_verifier_that_is_not_a_pytest_run_is_taken_whole_with_its_reward_file_as_the_one_check()
    {
        var result = _fixtures.Import("synthetic", "harbor-reward");

        Assert.True(result.Status == ImportStatus.Imported, result.Reason);
        Assert.Equal(1, _fixtures.Load("harbor-reward").Checks);
        var grade = _fixtures.Read("harbor-reward", "tests/grade.py");
        Assert.Contains("hbpytest.reward(", grade, StringComparison.Ordinal);
        Assert.Contains("reward.txt", grade, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tb-two-services", RefusalKind.SeveralContainers, "2 services (client, db)")]
    [InlineData("harbor-gpu", RefusalKind.Gpus, "1 GPU(s)")]
    [InlineData("harbor-prebuilt", RefusalKind.PrebuiltImage, "ghcr.io/example/prebuilt:1")]
    [InlineData("tb-interactive", RefusalKind.InteractiveSolution, "'ihello' without Enter")]
    [InlineData("tb-root", RefusalKind.NeedsRoot, "/etc/nginx/sites-enabled/default")]
    public void What_cannot_run_here_is_refused_with_the_reason(string id, RefusalKind kind, string evidence)
    {
        var result = _fixtures.Import("synthetic", id);

        Assert.Equal(ImportStatus.Refused, result.Status);
        Assert.Equal(kind, result.Kind);
        Assert.Contains(evidence, result.Reason, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_fixtures.Into, id)));
    }

    [Fact]
    public void A_folder_of_tasks_lists_every_task_of_both_formats()
    {
        var found = TaskImporter.FindTasks(Path.GetDirectoryName(ImportFixtures.Source("synthetic", "harbor-gpu"))!);
        Assert.Equal(10, found.Count);
        Assert.Equal([ImportFixtures.Source("synthetic", "harbor-gpu")], TaskImporter.FindTasks(ImportFixtures.Source("synthetic", "harbor-gpu")));
    }

    [Fact]
    public void A_repository_made_at_build_time_stays_in_the_image_built_as_root()
    {
        var result = _fixtures.Import("synthetic", "tb-git-commit");

        Assert.True(result.Status == ImportStatus.Imported, result.Reason);
        var dockerfile = _fixtures.Read("tb-git-commit", "environment/Dockerfile");
        // git refuses a repository another user owns: /workspace is root's while the image builds.
        Assert.Contains("chown 0:0 /workspace && rm -rf /app && ln -s /workspace /app", dockerfile, StringComparison.Ordinal);
        Assert.Contains("COPY context/repo/ /app/", dockerfile, StringComparison.Ordinal);
        Assert.Contains("RUN git init -q && git add .", dockerfile, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_fixtures.Into, "tb-git-commit", "workspace", "greeting.txt")));
        Assert.Contains("their outputs are in the image's /workspace", _fixtures.Read("tb-git-commit", "IMPORT.md"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_requirements_file_and_build_essential_map_onto_debian_and_the_c_toolchain()
    {
        _fixtures.Import("synthetic", "tb-requirements");
        Assert.Contains("'numpy>=1.24:python3-numpy' 'PyYAML:python3-yaml'", _fixtures.Read("tb-requirements", "environment/Dockerfile"), StringComparison.Ordinal);
        Assert.DoesNotContain("COPY", _fixtures.Read("tb-requirements", "environment/Dockerfile").Replace("COPY hb-python-packages.sh", "", StringComparison.Ordinal), StringComparison.Ordinal);

        _fixtures.Import("synthetic", "tb-make-c");
        var task = _fixtures.Load("tb-make-c");
        Assert.Equal("python+c-cpp", task.Toolchain);
        Assert.Equal(1, task.Checks); // one parametrized function
    }
}
