using HarnessBench.Core.Importing;

namespace HarnessBench.Core.Tests.Importing;

/// <summary>Terminal-Bench v1 fixtures (copied from the Terminal-Bench repository, Apache 2.0) imported mechanically.</summary>
public sealed class TerminalBenchImportTests : IDisposable
{
    private const string Format = "terminal-bench-v1";
    private readonly ImportFixtures _fixtures = new();

    public void Dispose() => _fixtures.Dispose();

    [Fact]
    public void Hello_world_becomes_a_valid_task_graded_by_its_own_tests_on_the_python_toolchain()
    {
        var result = _fixtures.Import(Format, "hello-world");

        Assert.True(result.Status == ImportStatus.Imported, result.Reason);
        var task = _fixtures.Load("hello-world");
        Assert.Equal("python", task.Toolchain);
        Assert.True(task.HasEnvironment && task.Imported && !task.HasWrongSolution);
        Assert.Equal(2, task.Checks);
        Assert.Equal(["**"], task.Surface!.Globs);
        Assert.StartsWith("Create a file called hello.txt", task.Prompt, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(360), task.AgentTimeout);

        var yaml = _fixtures.Read("hello-world", "task.yaml");
        Assert.StartsWith("# hbench-canary: HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train", yaml, StringComparison.Ordinal);
        var dockerfile = _fixtures.Read("hello-world", "environment/Dockerfile");
        Assert.Contains("ln -s /workspace /app", dockerfile, StringComparison.Ordinal);
        Assert.Contains("python-is-python3", dockerfile, StringComparison.Ordinal);
        Assert.DoesNotContain("curl", dockerfile, StringComparison.Ordinal); // only the uv installer needed it
        var grade = _fixtures.Read("hello-world", "tests/grade.py");
        Assert.Contains("test_outputs.py::test_hello_file_exists", grade, StringComparison.Ordinal);
        Assert.Contains("test_outputs.py::test_hello_file_content", grade, StringComparison.Ordinal);
        Assert.Contains("/tests/test_outputs.py", grade, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_fixtures.Into, "hello-world", "tests", "original", "test_outputs.py")));
        Assert.True(File.Exists(Path.Combine(_fixtures.Into, "_lib", "hbpytest.py")), "a tasks folder elsewhere gets the graders' library");
    }

    [Fact]
    public void Import_md_names_the_source_commit_and_license()
    {
        _fixtures.Import(Format, "hello-world");

        var notes = _fixtures.Read("hello-world", "IMPORT.md");
        Assert.Contains("3313fc54adb58a0260a02de7db19fabb4bd31867", notes, StringComparison.Ordinal);
        Assert.Contains("Apache License 2.0", notes, StringComparison.Ordinal);
        Assert.Contains("laude-institute/terminal-bench", notes, StringComparison.Ordinal);
        Assert.Contains("python-3-13", notes, StringComparison.Ordinal);
        Assert.Contains("Weaker guarantee", notes, StringComparison.Ordinal);
    }

    [Fact]
    public void Gcc_next_to_python_combines_two_toolchains()
    {
        var result = _fixtures.Import(Format, "polyglot-c-py");

        Assert.True(result.Status == ImportStatus.Imported, result.Reason);
        var task = _fixtures.Load("polyglot-c-py");
        Assert.Equal("python+c-cpp", task.Toolchain);
        Assert.Equal(["python", "c-cpp"], task.Toolchains);
        Assert.True(task.HasOwnImage);
        Assert.DoesNotContain("gcc", _fixtures.Read("polyglot-c-py", "environment/Dockerfile"), StringComparison.Ordinal);
        Assert.Contains("toolchain: [python, c-cpp]", _fixtures.Read("polyglot-c-py", "task.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_steps_that_set_modes_in_the_workdir_are_applied_to_the_seed_and_keystrokes_become_a_script()
    {
        _fixtures.Import(Format, "fix-permissions");

        var script = Path.Combine(_fixtures.Into, "fix-permissions", "workspace", "process_data.sh");
        Assert.True(File.Exists(script));
        if (!OperatingSystem.IsWindows()) Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(script) & UnixFileMode.UserExecute);
        var solve = _fixtures.Read("fix-permissions", "solution/solve.sh");
        Assert.Contains("\nchmod +x process_data.sh\n./process_data.sh\n", solve, StringComparison.Ordinal);
        Assert.DoesNotContain("chmod", _fixtures.Read("fix-permissions", "environment/Dockerfile"), StringComparison.Ordinal);
    }

    [Fact]
    public void Files_copied_into_the_workdir_are_the_seed_and_folders_made_there_are_kept_empty()
    {
        _fixtures.Import(Format, "recover-obfuscated-files");

        var workspace = Path.Combine(_fixtures.Into, "recover-obfuscated-files", "workspace");
        Assert.Equal(2, Directory.GetFiles(Path.Combine(workspace, "sensitive_data")).Length);
        Assert.True(File.Exists(Path.Combine(workspace, "NOTE_FROM_ATTACKER.txt")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(workspace, "recovered")));
    }

    [Fact]
    public void A_build_step_that_compiles_in_the_workdir_stays_in_the_image_with_its_inputs()
    {
        var result = _fixtures.Import(Format, "extract-elf");

        Assert.Equal("python+node+c-cpp", _fixtures.Load("extract-elf").Toolchain);
        var dockerfile = _fixtures.Read("extract-elf", "environment/Dockerfile");
        Assert.Contains("COPY context/task-deps/hi.c /app/", dockerfile, StringComparison.Ordinal);
        Assert.Contains("RUN gcc /app/hi.c -o /app/a.out", dockerfile, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_fixtures.Into, "extract-elf", "environment", "context", "task-deps", "hi.c")));
        Assert.True(File.Exists(Path.Combine(_fixtures.Into, "extract-elf", "workspace", "hi.c")));
        Assert.Equal(2, result.Checks);
    }

    [Fact]
    public void Packages_the_tests_installed_with_uv_become_debian_packages_or_a_need_for_the_package_index()
    {
        var result = _fixtures.Import(Format, "csv-to-parquet");

        Assert.True(result.Status == ImportStatus.Imported, result.Reason);
        Assert.Equal(["pyarrow==20.0.0"], result.NeedsIndex);
        var dockerfile = _fixtures.Read("csv-to-parquet", "environment/Dockerfile");
        Assert.Contains("'pandas==2.3.0:python3-pandas'", dockerfile, StringComparison.Ordinal);
        Assert.Contains("'pyarrow==20.0.0:'", dockerfile, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_fixtures.Into, "csv-to-parquet", "environment", PythonPackages.InstallerFileName)));
        var solve = _fixtures.Read("csv-to-parquet", "solution/solve.sh");
        Assert.Contains("python3 convert.py", solve, StringComparison.Ordinal);
        Assert.DoesNotContain("uv ", solve, StringComparison.Ordinal);
        Assert.Contains("Needs the Python package index", _fixtures.Read("csv-to-parquet", "IMPORT.md"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_task_whose_tests_fetch_from_the_internet_is_refused_with_the_evidence()
    {
        var result = _fixtures.Import(Format, "broken-networking");

        Assert.Equal(ImportStatus.Refused, result.Status);
        Assert.Equal(RefusalKind.InternetAtRunTime, result.Kind);
        Assert.Contains("curl example.com", result.Reason, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_fixtures.Into, "broken-networking")), "a refused task writes nothing");
    }

    [Fact]
    public void Ubuntu_package_names_become_debian_ones_and_a_failing_install_names_the_missing_packages()
    {
        using var source = new TempDirectory();
        source.Write("t/task.yaml", "instruction: Do it.\ndifficulty: easy\n");
        source.Write("t/Dockerfile", "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y python3.12-venv gcc-13 jq\nWORKDIR /app\n");
        source.Write("t/tests/test_outputs.py", "def test_a():\n    pass\n");
        source.Write("t/solution.sh", "true\n");

        var result = TaskImporter.Import(source.Combine("t"), new ImportOptions(_fixtures.Into, Path.Combine(_fixtures.Into, "no-lib")));

        Assert.True(result.Status == ImportStatus.Imported, result.Reason);
        Assert.Equal("python+c-cpp", result.Toolchain);
        var dockerfile = _fixtures.Read("t", "environment/Dockerfile");
        Assert.Contains("apt-get install -y --no-install-recommends python-is-python3 python3-venv jq ||", dockerfile, StringComparison.Ordinal);
        Assert.Contains("hbench: cannot install the task's Debian packages (not in Debian 12:", dockerfile, StringComparison.Ordinal);
        Assert.Contains("`python3.12-venv` -> Debian 12's `python3-venv`", _fixtures.Read("t", "IMPORT.md"), StringComparison.Ordinal);
    }

    [Fact]
    public void Reimporting_replaces_an_imported_task_but_never_one_written_by_hand()
    {
        Assert.Equal(ImportStatus.Imported, _fixtures.Import(Format, "hello-world").Status);
        Assert.Equal(ImportStatus.Imported, _fixtures.Import(Format, "hello-world").Status);

        File.Delete(Path.Combine(_fixtures.Into, "hello-world", "IMPORT.md"));
        var result = _fixtures.Import(Format, "hello-world");
        Assert.Equal(ImportStatus.Refused, result.Status);
        Assert.Contains("was not imported", result.Reason, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_fixtures.Into, "hello-world", "task.yaml")));
    }
}
