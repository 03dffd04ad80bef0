using System.Text.RegularExpressions;
using HarnessBench.Cli.Tests.Infrastructure;

namespace HarnessBench.Cli.Tests;

/// <summary>A bench.yaml with several mistakes: all of them reported with file:line, exit 3, nothing run.</summary>
[Collection(OneSweepAtATime.Name)]
public sealed class BenchValidationTests
{
    [Fact]
    public async Task Malformed_bench_reports_every_error_with_file_and_line_and_runs_nothing()
    {
        await using var sandbox = new BenchSandbox("badbench");
        sandbox.WriteScriptTask("quick", "echo ok > done.txt\n");
        sandbox.Write("bench.yaml", $"""
            name: broken
            run: {sandbox.RunName}
            results: results
            tasks_dir: tasks
            harnesses: [oracle, claude-kode]
            tasks: [quick]
            concurrancy: 2
            repeats: 0
            timeouts:
              agent: 5 minutes
              grader: 1m

            """);

        using var run = await CliProcess.RunAsync(sandbox.Root, ["run", "--plain", "bench.yaml"], TimeSpan.FromSeconds(60));

        var message = run.Describe();
        Assert.True(run.ExitCode == 3, message);
        // file:line:column, then what is wrong: each mistake on its own line, none dropped after the first.
        Assert.Matches(new Regex(@"^bench\.yaml:5:\d+: error: .*unknown harness 'claude-kode'", RegexOptions.Multiline), run.Stderr);
        Assert.Matches(new Regex(@"^bench\.yaml:7:\d+: error: .*'concurrancy'", RegexOptions.Multiline), run.Stderr);
        Assert.Matches(new Regex(@"^bench\.yaml:8:\d+: error: .*'repeats'", RegexOptions.Multiline), run.Stderr);
        Assert.Matches(new Regex(@"^bench\.yaml:10:\d+: error: .*'5 minutes'", RegexOptions.Multiline), run.Stderr);
        Assert.Equal(4, Regex.Count(run.Stderr, @"^bench\.yaml:\d+:\d+: error:", RegexOptions.Multiline));
        Assert.Contains("did you mean 'concurrency'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing ran", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("sweep", run.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(sandbox.Root, "results")), $"results/ was created\n{message}");
    }

    [Fact]
    public async Task An_invalid_harness_yaml_exits_3_with_file_and_line_and_runs_nothing()
    {
        await using var sandbox = new BenchSandbox("badharness");
        // A checkout whose harnesses/ has one broken definition; the images recipes are the real ones.
        var home = Path.Combine(sandbox.Root, "home");
        Directory.CreateDirectory(home);
        Directory.CreateSymbolicLink(Path.Combine(home, "containers"), Path.Combine(RepoPaths.Root, "containers"));
        Directory.CreateSymbolicLink(Path.Combine(home, "tasks"), RepoPaths.Tasks);
        sandbox.Write("home/harnesses/broken/harness.yaml", """
            name: broken
            version: 1.0.0
            image: agents
            install: { npm: "broken-cli@1.0.0" }
            version_command: [broken, --version]
            command: [broken, "{promt}"]
            log_format: claude-stream-json

            """);
        sandbox.WriteScriptTask("quick", "echo ok > done.txt\n");
        sandbox.WriteBench(["quick"]);

        using var run = await CliProcess.RunAsync(sandbox.Root, ["run", "--plain", "bench.yaml"], TimeSpan.FromSeconds(60),
            new Dictionary<string, string?> { ["HBENCH_HOME"] = home });

        Assert.True(run.ExitCode == 3, run.Describe());
        Assert.Matches(new Regex(@"harness\.yaml:6:\d+: error: unknown placeholder '\{promt\}'", RegexOptions.Multiline), run.Stderr);
        Assert.Contains("nothing ran", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(sandbox.Root, "results")), run.Describe());
    }
}
