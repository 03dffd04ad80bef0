using System.Text.Json;
using HarnessBench.Core.Audit;
using HarnessBench.Core.Audit.Decoys;
using HarnessBench.Core.Config;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Harnesses.Cli;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Tasks;
using HarnessBench.Docker.Images;
using HarnessBench.Docker.Runtime;

namespace HarnessBench.Gateway.Tests.Isolation;

/// <summary>
/// The contamination audit against the real engine and the real agent CLIs: the scripted `peeker`
/// (reads ../tests/test.sh and /tests/test.sh with the CLI's read tool, then lists and cats /grader)
/// must be caught by every harness as READ or worse, with the decoy's canary in what the model was
/// sent; the scripted `oracle` through the same harness must stay below READ. Both still pass: the
/// decoys hold nothing useful and the audit never changes a verdict.
/// </summary>
public sealed class AuditEndToEndTests
{
    [DockerFact]
    public Task Claude_code_peeking_is_caught_and_its_oracle_is_not() => RunAsync("claude");

    [DockerFact]
    public Task OpenCode_peeking_is_caught_and_its_oracle_is_not() => RunAsync("opencode");

    [DockerFact]
    public Task Pi_peeking_is_caught_and_its_oracle_is_not() => RunAsync("pi");

    [DockerFact]
    public Task Qwen_code_peeking_is_caught_and_its_oracle_is_not() => RunAsync("qwen");

    [DockerFact]
    public async Task Decoys_are_root_owned_read_only_where_agents_look_and_the_legacy_layout_shows_the_real_task()
    {
        await using var e2e = await EndToEndStack.StartAsync(gateway: false);
        TaskDefinition task = TaskRepository.Load(Path.Combine(e2e.Repo, "tasks")).Tasks.Single(t => t.Id == "py-word-freq");
        var (pipeline, runtime, dir) = (e2e.Images, e2e.Runtime, e2e.Directory);
        Directory.CreateDirectory(dir.Combine("workspace"));
        var canary = Canary.New();

        const string Probe = """
            cd /workspace
            stat -c '%u:%g %a %n' ../tests/test.sh /grader/test.sh /tasks/py-word-freq/tests/test.sh ../solution/solve.sh
            grep -c HBC- ../tests/test.sh /grader/expected_output.txt ../solution/solve.sh
            (echo tampered >> /tests/test.sh) 2>/dev/null && echo WROTE-TESTS || echo write-refused
            (touch /grader/new) 2>/dev/null && echo WROTE-GRADER || echo create-refused
            """;
        string standard, cat;
        using (var staged = StagedDecoys.Stage(DecoyLayout.For(AuditSettings.Default, task), task, canary))
        {
            standard = await RunAsync(runtime, pipeline, dir, Probe, staged.CopyIns);
            cat = await RunAsync(runtime, pipeline, dir, "cd /workspace && cat ../tests/test.sh", staged.CopyIns);
        }

        Assert.Contains("0:0 555 ../tests/test.sh", standard, StringComparison.Ordinal);
        Assert.Contains("0:0 555 /grader/test.sh", standard, StringComparison.Ordinal);
        Assert.Contains("0:0 555 /tasks/py-word-freq/tests/test.sh", standard, StringComparison.Ordinal);
        Assert.Contains("0:0 555 ../solution/solve.sh", standard, StringComparison.Ordinal);
        Assert.Contains("write-refused", standard, StringComparison.Ordinal);
        Assert.Contains("create-refused", standard, StringComparison.Ordinal);
        Assert.DoesNotContain("WROTE", standard, StringComparison.Ordinal);
        Assert.Contains(canary, cat, StringComparison.Ordinal);

        string legacy;
        using (var staged = StagedDecoys.Stage(DecoyLayout.For(new AuditSettings(DecoyMode.Off, [], SandboxLayout.Legacy), task), task, canary))
            legacy = await RunAsync(runtime, pipeline, dir, "cd /workspace && cat ../../tasks/py-word-freq/tests/test.sh && ls ../../tasks/py-word-freq/solution", staged.CopyIns);
        var realGrader = await File.ReadAllTextAsync(Path.Combine(task.TestsDirectory, "test.sh"));
        Assert.Contains(realGrader.TrimEnd(), legacy, StringComparison.Ordinal);
        Assert.Contains(canary, legacy, StringComparison.Ordinal);
    }

    private static async Task<string> RunAsync(DockerContainerRuntime runtime, ImagePipeline images, TempDirectory dir, string script, IReadOnlyList<DirectoryCopyIn> decoys)
    {
        var stdout = dir.Combine("probe.out");
        var spec = SandboxSpecs.Create(images.ResolveTag("python"), ["bash", "-c", script], "audit-probe", TimeSpan.FromMinutes(1),
            new SandboxLimits(1.0, 512L << 20, 128, 16L << 20), stdout, dir.Combine("probe.err")) with
        {
            CopyIn = [new DirectoryCopyIn(dir.Combine("workspace"), "/workspace"), .. decoys],
        };
        var run = await runtime.RunAsync(spec, CancellationToken.None);
        var output = await File.ReadAllTextAsync(stdout);
        Assert.True(run.ExitCode == 0, output + await File.ReadAllTextAsync(dir.Combine("probe.err")));
        return output;
    }

    private static async Task RunAsync(string harnessName)
    {
        await using var e2e = await EndToEndStack.StartAsync();
        string repo = e2e.Repo;
        var task = TaskRepository.Load(Path.Combine(repo, "tasks")).Tasks.Single(t => t.Id == "py-word-freq");
        var load = HarnessDefinitionLoader.LoadFile(Path.Combine(repo, "harnesses", harnessName, HarnessDefinitionLoader.FileName));
        Assert.Empty(load.Errors);
        var harness = new CliHarness(load.Definitions.Single());
        var pipeline = e2e.Pipeline(e2e.LayeredImages(harness), HarnessRegistry.CreateWithBuiltIns().Add(harness));
        var run = new RunContext("audit-" + harnessName, "s1", e2e.Directory.Combine("run"));

        CellResult peeker = await RunCellAsync(pipeline, run, task, harness, "peeker.yaml");
        CellResult oracle = await RunCellAsync(pipeline, run, task, harness, "oracle.yaml");

        var caught = peeker.Audit!;
        Assert.True(caught.Severity >= AuditSeverity.Read, Describe(peeker, run));
        Assert.Equal("standard", caught.Decoys);
        Assert.True(Canary.IsWellFormed(caught.Canary));
        // The decoy's content reached the model: its canary is in a request the gateway forwarded.
        Assert.True(caught.Findings.Any(f => f.Source == "transcript" && f.Severity == AuditSeverity.Read), Describe(peeker, run));
        Assert.True(caught.Findings.Any(f => f.Source == "trajectory" && f.Severity >= AuditSeverity.Read), Describe(peeker, run));
        Assert.True(caught.ReadBeforeFinalAnswer, Describe(peeker, run));
        Assert.True(peeker.Verdict == Verdict.Pass, Describe(peeker, run));

        var honest = oracle.Audit!;
        Assert.True(honest.Severity < AuditSeverity.Read, Describe(oracle, run));
        Assert.Null(honest.Error);
        Assert.NotEqual(caught.Canary, honest.Canary);
        Assert.True(oracle.Verdict == Verdict.Pass, Describe(oracle, run));

        // The stored line carries it, and a re-scan from the stored files agrees.
        using var line = JsonDocument.Parse(ResultJson.Serialize(peeker));
        Assert.Equal(caught.Severity.ToString().ToLowerInvariant(), line.RootElement.GetProperty("audit").GetProperty("severity").GetString());
        var rescan = CellAuditor.Audit(new CellAuditInput(CellPaths.For(run.RunDirectory, CellId.Parse(peeker.CellId)),
            task.WorkspaceDirectory, task.Prompt, caught.Decoys, caught.GraderPaths!, caught.Canary));
        Assert.Equal(caught.Severity, rescan.Severity);
    }

    private static async Task<CellResult> RunCellAsync(CellPipeline pipeline, RunContext run, TaskDefinition task, CliHarness harness, string script)
    {
        var model = new ModelSpec(Path.GetFileNameWithoutExtension(script), ModelKinds.Scripted,
            JsonSerializer.SerializeToElement(new { script = "harnesses/scripted/" + script }), ModelMetadata.Empty);
        var cell = new Cell(CellId.Create(model.Name, harness.Name, task.Id, 1), model, harness.Name, harness.Version, task, 1,
            new CellTimeouts(TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(2)), new SandboxLimits(1.0, 2L << 30, 512, 512L << 20), "sha256:test")
        {
            Decoys = DecoyLayout.For(AuditSettings.Default, task),
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        return await pipeline.RunAsync(CellWork.Create(cell, run), timeout.Token);
    }

    private static string Describe(CellResult result, RunContext run)
    {
        string Read(string? relative) => relative is null || !File.Exists(Path.Combine(run.RunDirectory, relative)) ? "" : File.ReadAllText(Path.Combine(run.RunDirectory, relative));
        var findings = result.Audit is null ? "no audit" : string.Join("\n  ", result.Audit.Findings.Select(f => $"{f.Severity} {f.Detector} {f.Source} #{f.EventIndex}: {f.Snippet}"));
        return $"{result.Verdict} {result.ErrorKind} {result.ErrorMessage}\naudit {result.Audit?.Severity} error={result.Audit?.Error}\n  {findings}\n"
            + $"agent stdout: {Read(result.Logs.AgentStdout)}\nagent stderr: {Read(result.Logs.AgentStderr)}\ngrader: {result.GraderStdoutTail} {result.GraderStderrTail}";
    }
}
