using HarnessBench.Core.Importing;

namespace HarnessBench.Core.Tests.Importing;

/// <summary>The readers behind the importer: shell installers, pytest functions, TOML, Dockerfiles, network and root use.</summary>
public sealed class ImportPartsTests
{
    [Fact]
    public void Run_time_installers_are_collected_and_the_pytest_run_is_found_in_any_spelling()
    {
        var script = ScriptConversion.Convert("""
            #!/bin/bash
            apt-get update && apt-get install -y curl jq
            curl -LsSf https://astral.sh/uv/0.7.13/install.sh | sh
            source $HOME/.local/bin/env
            uv init
            uv add pytest==8.4.1 numpy==2.3.1
            pip install requests
            make -C /app build
            uv run pytest $TEST_DIR/test_outputs.py -rA
            echo done
            """);

        Assert.Equal(["jq"], script.AptPackages); // curl only fetched the uv installer
        Assert.Equal(["numpy==2.3.1", "requests"], script.PythonPackages);
        Assert.Equal(["make -C /app build"], script.Kept);
        Assert.Equal(["$TEST_DIR/test_outputs.py", "-rA"], script.PytestArguments);
        Assert.Equal(["echo done"], script.AfterPytest);
        Assert.Equal(["/tests/t.py"], ScriptConversion.Convert("uvx -p 3.13 -w pytest==8 -w pytest-json-ctrf==0.3.5 pytest /tests/t.py").PytestArguments);
        Assert.Equal(["-q"], ScriptConversion.Convert("python3 -m pytest -q").PytestArguments);
        Assert.Equal(["python3 convert.py"], ScriptConversion.Convert("uv run convert.py").Kept);
    }

    [Fact]
    public void Heredocs_and_continuations_stay_one_command()
    {
        var script = ScriptConversion.Convert("cat > a.py << 'EOF'\nimport os; print(1) && exit\nEOF\nls \\\n  -l\n", keepComments: true);
        Assert.Equal(["cat > a.py << 'EOF'\nimport os; print(1) && exit\nEOF", "ls    -l"], script.Kept);
    }

    [Fact]
    public void Test_functions_are_found_without_running_anything()
    {
        var ids = PytestFunctions.In("test_x.py", """
            import pytest

            def helper():
                pass

            @pytest.mark.parametrize("n", [1, 2])
            def test_one(n):
                pass

            async def test_async():
                pass

            class TestGroup:
                def test_a(self):
                    pass

                def not_a_test(self):
                    pass

            class Helper:
                def test_hidden(self):
                    pass
            """);
        Assert.Equal(["test_x.py::test_one", "test_x.py::test_async", "test_x.py::TestGroup::test_a"], ids);
    }

    [Fact]
    public void Harbor_toml_is_read_with_tables_inline_tables_arrays_and_strings()
    {
        var toml = MiniToml.Parse("""
            version = "1.0"  # the schema
            [metadata]
            tags = ["a", 'b',
              "c"]
            note = '''raw \n text'''
            [verifier]
            timeout_sec = 120.5
            env = { KEY = "v=1", "QUOTED KEY" = "x\"y" }
            [environment]
            cpus = 2
            allow_internet = false
            [[steps]]
            name = "one"
            """);

        Assert.Equal("1.0", MiniToml.Get(toml, "version"));
        Assert.Equal(new List<object> { "a", "b", "c" }, MiniToml.Get(toml, "metadata.tags"));
        Assert.Equal("raw \\n text", MiniToml.Get(toml, "metadata.note"));
        Assert.Equal(120.5, MiniToml.Get(toml, "verifier.timeout_sec"));
        Assert.Equal("v=1", MiniToml.Get(toml, "verifier.env.KEY"));
        Assert.Equal(2L, MiniToml.Get(toml, "environment.cpus"));
        Assert.Equal(false, MiniToml.Get(toml, "environment.allow_internet"));
        Assert.Throws<FormatException>(() => MiniToml.Parse("key = \"unterminated\" junk\n"));
    }

    [Fact]
    public void Dockerfile_instructions_join_continuations_and_skip_comments()
    {
        var instructions = Dockerfile.Parse("FROM ubuntu:24.04\n# comment\nRUN apt-get update \\\n  # inner comment\n  && apt-get install -y gcc\nWORKDIR /app\n");
        Assert.Equal(["FROM", "RUN", "WORKDIR"], instructions.Select(i => i.Keyword));
        Assert.Equal("apt-get update    && apt-get install -y gcc", instructions[1].Arguments);
    }

    [Theory]
    [InlineData("os.popen(\"curl example.com > /app/x\")", "curl example.com")]
    [InlineData("urllib.request.urlretrieve(\"http://archive.ubuntu.com/a.deb\", \"a.deb\")", "urlretrieve(\"http://archive.ubuntu.com")]
    [InlineData("requests.get('https://api.github.com/x')", "requests.get('https://api.github.com")]
    [InlineData("subprocess.run(['curl', 'http://localhost:8000'])", null)]
    [InlineData("content = '<a href=\"https://www.iana.org/domains/example\">'", null)]
    public void Network_use_is_found_in_what_runs_not_in_data(string text, string? evidence)
    {
        var found = RunTimeNeeds.InternetUse(text);
        if (evidence is null) Assert.Null(found);
        else Assert.Contains(evidence, found, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_the_tests_expect_running_is_found_unless_they_start_it()
    {
        Assert.Equal("localhost:8000", RunTimeNeeds.LocalService(["r = requests.get('http://localhost:8000/health')"]));
        Assert.Null(RunTimeNeeds.LocalService(["p = subprocess.Popen(['python3', '/app/server.py'])", "requests.get('http://localhost:8000')"]));
        Assert.Null(RunTimeNeeds.LocalService(["assert open('/app/x').read() == 'ok'"]));
    }

    [Fact]
    public void Virtual_environments_and_requirement_files_become_packages_for_debian()
    {
        var script = ScriptConversion.Convert("python3 -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir flask -r requirements.txt");
        Assert.Empty(script.Kept);
        Assert.Equal(["flask"], script.PythonPackages);
        Assert.Equal(["requirements.txt"], script.RequirementFiles);
        Assert.Equal(["numpy==1.26", "PyYAML"], ScriptConversion.Requirements("# pinned\nnumpy==1.26\n\n--index-url x\nPyYAML  # config\n"));
    }

    [Theory]
    [InlineData("echo 127.0.0.1 localhost > /etc/hosts", true)]
    [InlineData("dpkg -i apt.deb", true)]
    [InlineData("chmod +x /app/run.sh", false)]
    [InlineData("python3 solve.py > /app/out.json", false)]
    public void Root_use_is_found_in_system_paths(string line, bool root) => Assert.Equal(root, RunTimeNeeds.RootUse(line) is not null);

    [Fact]
    public void Paths_resolve_against_the_workdir()
    {
        Assert.Equal("/app/data", EnvironmentMapper.Resolve("/app", "./data/"));
        Assert.Equal("/etc/x", EnvironmentMapper.Resolve("/app", "../etc/x"));
        Assert.Equal("", EnvironmentMapper.Inside("/app", "/app"));
        Assert.Equal("src/a.c", EnvironmentMapper.Inside("/app/src/a.c", "/app"));
        Assert.Null(EnvironmentMapper.Inside("/application", "/app"));
    }

    [Theory]
    [InlineData("-x", 0b111_101_101, 0b110_100_100)]
    [InlineData("+x", 0b110_100_100, 0b111_101_101)]
    [InlineData("u+x", 0b110_100_100, 0b111_100_100)]
    [InlineData("600", 0b111_101_101, 0b110_000_000)]
    public void Chmod_is_applied_to_seed_modes(string mode, int before, int after) =>
        Assert.Equal((UnixFileMode)after, ImportWriter.Chmod((UnixFileMode)before, mode));

    [Fact]
    public void Python_packages_map_onto_debian_names()
    {
        Assert.Equal("python3-pandas", PythonPackages.DebianPackage("pandas==2.3.0"));
        Assert.Equal("python3-yaml", PythonPackages.DebianPackage("PyYAML>=6"));
        Assert.Equal("python3-sklearn", PythonPackages.DebianPackage("scikit-learn"));
        Assert.Null(PythonPackages.DebianPackage("pyarrow==20.0.0"));
        Assert.Equal("foo-bar", PythonPackages.Name("Foo_Bar[extra]==1"));
    }
}
