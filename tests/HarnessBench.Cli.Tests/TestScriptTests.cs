using HarnessBench.Cli.Tests.Infrastructure;

namespace HarnessBench.Cli.Tests;

/// <summary>
/// scripts/test.sh (what CI runs) cannot pass by accident: it refuses HBENCH_UPDATE_SNAPSHOTS under
/// CI=true before anything runs, and its totals (scripts/trx-totals.sh) count skipped tests, which
/// fail a CI run.
/// </summary>
public sealed class TestScriptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hbench-trx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Test_sh_refuses_to_run_in_ci_with_snapshot_updates_enabled()
    {
        // The guard comes before setup, the results folder and any test: a failure here returns within seconds.
        var run = await HostCommand.RunAsync(TimeSpan.FromSeconds(60),
            new Dictionary<string, string?> { ["CI"] = "true", ["HBENCH_UPDATE_SNAPSHOTS"] = "1" }, "bash", "scripts/test.sh");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("HBENCH_UPDATE_SNAPSHOTS is set while CI=true", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("0 passed, 1 failed, 0 skipped", run.Stdout.Trim());
    }

    [Fact]
    public async Task Totals_count_skipped_tests_from_the_results_and_ci_fails_on_them()
    {
        var core = Trx("HarnessBench.Core.Tests", ("A.passes", "Passed"), ("A.also_passes", "Passed"), ("A.fails", "Failed"));
        var docker = Trx("HarnessBench.Docker.Tests", ("B.runs", "Passed"), ("B.needs_docker", "NotExecuted"), ("B.needs_chromium", "NotExecuted"));

        var local = await Totals(ci: null, core, docker);
        var ci = await Totals(ci: "true", core, docker);

        Assert.True(local.ExitCode == 0, local.ToString());
        var lines = local.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
        [
            "HarnessBench.Core.Tests: 2 passed, 1 failed, 0 skipped",
            "  failed: A.fails",
            "HarnessBench.Docker.Tests: 1 passed, 0 failed, 2 skipped",
            "  skipped: B.needs_docker",
            "  skipped: B.needs_chromium",
            "totals 3 1 2",
        ], lines);
        Assert.True(ci.ExitCode == 1, ci.ToString());
        Assert.Contains("2 test(s) were skipped", ci.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ci_run_without_skips_passes_the_skip_check()
    {
        var run = await Totals(ci: "true", Trx("P", ("A.passes", "Passed")));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.EndsWith("totals 1 0 0", run.Stdout.Trim(), StringComparison.Ordinal);
    }

    private static Task<HostCommand.Result> Totals(string? ci, params string[] files) =>
        HostCommand.RunAsync(TimeSpan.FromSeconds(30), new Dictionary<string, string?> { ["CI"] = ci }, "bash", ["scripts/trx-totals.sh", .. files]);

    /// <summary>A .trx as `dotnet test --logger trx` writes it with xunit: note notExecuted="0" in Counters even when tests were skipped.</summary>
    private string Trx(string name, params (string Test, string Outcome)[] results)
    {
        var passed = results.Count(r => r.Outcome == "Passed");
        var failed = results.Count(r => r.Outcome == "Failed");
        var rows = string.Concat(results.Select(r =>
            $"""    <UnitTestResult executionId="e" testId="t" testName="{r.Test}" computerName="vm" duration="00:00:00.001" outcome="{r.Outcome}" testListId="l">{"\n"}    </UnitTestResult>{"\n"}"""));
        var path = Path.Combine(_dir, name + ".trx");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun id="r" name="run" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <Results>
            {rows}  </Results>
              <ResultSummary outcome="Completed">
                <Counters total="{results.Length}" executed="{passed + failed}" passed="{passed}" failed="{failed}" error="0" timeout="0" aborted="0" inconclusive="0" passedButRunAborted="0" notRunnable="0" notExecuted="0" disconnected="0" warning="0" completed="0" inProgress="0" pending="0" />
              </ResultSummary>
            </TestRun>
            """);
        return path;
    }
}
