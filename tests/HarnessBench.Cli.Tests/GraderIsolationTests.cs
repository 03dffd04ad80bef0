using HarnessBench.Cli.Tests.Infrastructure;

namespace HarnessBench.Cli.Tests;

/// <summary>
/// What an agent leaves in /workspace cannot change the hidden grader's verdict (files outside the
/// task's solution surface never reach the grader, and the audit says tamper), and a symlink it plants
/// comes back to the host as a symlink (never followed into host files) and never reaches the grader.
/// </summary>
[Collection(OneSweepAtATime.Name)]
public sealed class GraderIsolationTests
{
    // Each plant, if the grader ever loaded it, turns the real failure into a pass: os._exit(0)
    // ends pytest with status 0, --collect-only runs no test, the fake test suite trivially passes.
    private static readonly Dictionary<string, string> Plants = new()
    {
        ["conftest.py"] = """
            import pytest

            @pytest.hookimpl(hookwrapper=True)
            def pytest_runtest_makereport(item, call):
                outcome = yield
                outcome.get_result().outcome = "passed"

            def pytest_collection_modifyitems(config, items):
                for item in items:
                    item.add_marker(pytest.mark.skip(reason="planted"))

            def pytest_sessionfinish(session, exitstatus):
                session.exitstatus = 0

            """,
        ["sitecustomize.py"] = "import os\nos._exit(0)\n",
        ["usercustomize.py"] = "import os\nos._exit(0)\n",
        ["random.py"] = "import os\nos._exit(0)\n",
        ["pytest.ini"] = "[pytest]\naddopts = --collect-only -q -p no:cacheprovider\n",
        ["setup.cfg"] = "[tool:pytest]\naddopts = --collect-only -q\n",
        ["tests/conftest.py"] = "import os\nos._exit(0)\n",
        ["tests/test_wordfreq.py"] = "def test_everything():\n    assert True\n",
    };

    [DockerFact]
    public async Task Planted_pytest_config_cannot_make_the_hidden_grader_pass_and_symlinks_stay_symlinks()
    {
        await using var sandbox = new BenchSandbox("grader");
        // Control: the shipped task and its real solution pass under the same bench.
        sandbox.CopyShippedTask("py-word-freq");
        // The "agent" (the oracle, applying solution/) plants files and leaves wordfreq.py unimplemented.
        var planted = sandbox.CopyShippedTask("py-word-freq", "py-word-freq-planted");
        Directory.Delete(Path.Combine(planted, "solution"), recursive: true);
        foreach (var (path, content) in Plants)
        {
            sandbox.Write($"tasks/py-word-freq-planted/solution/{path}", content);
        }

        // Overwrites nothing; only plants links that point out of the workspace. The grader gets none of them.
        sandbox.WriteScriptTask("symlink-escape", """
            ln -s /etc/passwd evil
            ln -s / rootlink
            ln -s ../../../../etc/shadow up

            """, """
            [ ! -e /workspace/evil ] && [ ! -L /workspace/evil ] && [ ! -L /workspace/rootlink ]

            """);
        sandbox.WriteBench(["py-word-freq", "py-word-freq-planted", "symlink-escape"]);

        using var run = await CliProcess.RunAsync(sandbox.Root, ["run", "--plain", "bench.yaml"], TimeSpan.FromMinutes(3));
        var results = sandbox.ReadResults();
        var message = $"{results}\n{run.Describe()}";
        Assert.True(run.ExitCode == 0, message); // every cell got pass or fail: no errors
        var latest = results.Latest;

        Assert.Equal("pass", latest["none__oracle__py-word-freq__r1"].Verdict);

        var cheat = latest["none__oracle__py-word-freq-planted__r1"];
        Assert.True(cheat.Verdict == "fail", $"a planted workspace changed the grader's verdict\n{message}");
        // The real checks ran and failed (not: nothing ran), per the driver's evidence.
        var checks = cheat.Json.GetProperty("checks");
        Assert.True(checks.GetProperty("total").GetInt32() > 0 && checks.GetProperty("finished").GetBoolean(), message);
        Assert.Equal(checks.GetProperty("declared").GetInt32(), checks.GetProperty("total").GetInt32());
        Assert.Equal(0, checks.GetProperty("passed").GetInt32());
        // ...the plants came back from the agent, the grader ignored every one, and the audit saw them.
        var cheatWorkspace = sandbox.CellWorkspace(cheat.CellId);
        var ignored = cheat.Json.GetProperty("graded").GetProperty("ignored").EnumerateArray().Select(e => e.GetString()).ToHashSet();
        foreach (var path in Plants.Keys)
        {
            Assert.True(File.Exists(Path.Combine(cheatWorkspace, path)), $"{path} missing from the final workspace\n{message}");
            Assert.Contains(path, ignored);
        }

        Assert.Equal("tamper", cheat.Json.GetProperty("audit").GetProperty("severity").GetString());

        Assert.Contains("NotImplementedError", File.ReadAllText(Path.Combine(cheatWorkspace, "wordfreq.py")), StringComparison.Ordinal);

        var links = latest["none__oracle__symlink-escape__r1"];
        Assert.True(links.Verdict == "pass", $"the grader should have seen the symlink as a symlink\n{message}");
        var linkWorkspace = sandbox.CellWorkspace(links.CellId);
        AssertSymlink(Path.Combine(linkWorkspace, "evil"), "/etc/passwd");
        AssertSymlink(Path.Combine(linkWorkspace, "rootlink"), "/");
        AssertSymlink(Path.Combine(linkWorkspace, "up"), "../../../../etc/shadow");
    }

    private static void AssertSymlink(string path, string target)
    {
        // FileSystemInfo describes the link itself (lstat), never what it points to.
        var info = new FileInfo(path);
        Assert.True(info.Exists || Directory.Exists(path) || info.LinkTarget is not null, $"{path} is missing");
        Assert.True(info.LinkTarget == target, $"{path} should be a symlink to {target}, but is {(info.LinkTarget is null ? "a regular file or directory (copied content)" : "a link to " + info.LinkTarget)}");
        Assert.True(info.Attributes.HasFlag(FileAttributes.ReparsePoint), $"{path} is not a symlink");
    }
}
