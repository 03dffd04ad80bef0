using System.IO.Compression;
using System.Text;
using System.Text.Json;
using HarnessBench.Core.Audit;
using HarnessBench.Core.Audit.Decoys;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Reports;
using HarnessBench.Core.Results;
using HarnessBench.Core.Tests.Support;

namespace HarnessBench.Core.Tests.Audit;

/// <summary>`hbench audit`'s core on a fabricated run folder: re-scan from stored files, last line wins, table figures.</summary>
public sealed class RunRescanTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string RunDirectory => _dir.Combine("results", "r");

    /// <summary>
    /// claude: pass clean, pass with the canary in its transcript (READ), fail with a planted conftest
    /// (TAMPER), an agent timeout (error). pi: pass clean, fail clean.
    /// </summary>
    private void Fabricate()
    {
        TestBench.WriteTask(_dir, "t1");
        TestBench.WriteTask(_dir, "t2");
        var lines = new StringBuilder();
        void Cell(string harness, string task, Verdict verdict, Action<string, string>? files = null, bool staleFirst = false)
        {
            var canary = Canary.New();
            var id = CellId.Create("m", harness, task, 1);
            var root = Path.Combine(RunDirectory, "cells", id.Folder);
            Directory.CreateDirectory(Path.Combine(root, "workspace"));
            File.WriteAllText(Path.Combine(root, "workspace", "README.md"), "seed\n");
            File.WriteAllText(Path.Combine(root, "agent.stdout.log"), "ok\n");
            files?.Invoke(root, canary);
            var stored = new Core.Audit.CellAudit(AuditSeverity.Clean, [], null, "standard", 1)
            {
                Canary = canary,
                GraderPaths = DecoyLayout.StandardSites(task).Select(s => s.ContainerPath).ToList(),
            };
            var result = new CellResult
            {
                RunId = "r", SessionId = "s", CellId = id.Value, DefinitionHash = "sha256:x", Model = "m", Harness = harness, Task = task, Repeat = 1,
                Verdict = verdict, ErrorKind = verdict == Verdict.Error ? ErrorKind.AgentTimeout : null,
                Timings = new CellTimings(1, 2, 3, 6, 1, 1, 4), StartedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch,
                Audit = stored,
            };
            // An earlier attempt of the same cell (a different canary, an error): the last line wins.
            if (staleFirst) lines.Append(Encoding.UTF8.GetString(ResultJson.Serialize(result with { Verdict = Verdict.Error, ErrorKind = ErrorKind.Infra, Audit = stored with { Canary = Canary.New() } }))).Append('\n');
            lines.Append(Encoding.UTF8.GetString(ResultJson.Serialize(result))).Append('\n');
        }

        Cell("claude", "t1", Verdict.Pass, staleFirst: true);
        Cell("claude", "t2", Verdict.Pass, (root, canary) => Transcript(root, $"{{\"messages\":[{{\"role\":\"tool\",\"content\":\"{canary}\"}}]}}\n"));
        Cell("claude", "t3", Verdict.Fail, (root, _) => File.WriteAllText(Path.Combine(root, "workspace", "conftest.py"), "x = 1\n"));
        Cell("claude", "t4", Verdict.Error);
        Cell("pi", "t1", Verdict.Pass);
        Cell("pi", "t2", Verdict.Fail);
        File.WriteAllText(Path.Combine(RunDirectory, JsonlResultStore.FileName), lines.ToString());
    }

    private static void Transcript(string root, string text)
    {
        using var file = File.Create(Path.Combine(root, "gateway.transcript.jsonl.gz"));
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(text));
    }

    [Fact]
    public void Rescan_rebuilds_each_latest_cells_audit_from_its_files_and_the_table_adds_up()
    {
        Fabricate();

        var rescan = RunRescan.Rescan(RunDirectory, _dir.Combine("tasks"));

        Assert.Equal(6, rescan.Cells.Count);
        var byCell = rescan.Cells.ToDictionary(c => c.Result.CellId);
        Assert.Equal(AuditSeverity.Read, byCell["m__claude__t2__r1"].Audit.Severity);
        Assert.Equal(AuditSeverity.Tamper, byCell["m__claude__t3__r1"].Audit.Severity);
        Assert.Equal(AuditSeverity.Clean, byCell["m__claude__t1__r1"].Audit.Severity);
        Assert.Equal(Verdict.Pass, byCell["m__claude__t1__r1"].Result.Verdict);
        // Tasks t3 and t4 do not exist in tasks/: audited without a seed, with a warning.
        Assert.Contains(rescan.Warnings, w => w.Contains("'t3'", StringComparison.Ordinal));

        var table = AuditTable.Build(rescan.Cells.Select(c => new AuditTableInput(c.Result.Harness, c.Result.Verdict, (int)c.Audit.Severity)));
        var claude = table[0];
        Assert.Equal(("claude", 3, 2, 1, 1), (claude.Group, claude.Cells, claude.Passes, claude.FlaggedPasses, claude.Errors));
        Assert.Equal([1, 0, 0, 1, 0, 1], claude.ByLabel);
        Assert.Equal((1, 1), (claude.CleanConditional.Successes, claude.CleanConditional.Trials));
        Assert.Equal((1, 3), (claude.Conservative.Successes, claude.Conservative.Trials));
        Assert.Equal((2, 3), (claude.Raw.Successes, claude.Raw.Trials));
        var (low, high) = ReportStatistics.Wilson(1, 3);
        Assert.Equal((low, high), (claude.Conservative.Low, claude.Conservative.High));
        var pi = table[1];
        Assert.Equal(("pi", 2, 1, 0), (pi.Group, pi.Cells, pi.Passes, pi.FlaggedPasses));
        Assert.Equal((1, 2), (pi.CleanConditional.Successes, pi.CleanConditional.Trials));
    }

    [Fact]
    public void The_sidecar_holds_one_line_per_cell_and_results_jsonl_is_untouched()
    {
        Fabricate();
        var results = Path.Combine(RunDirectory, JsonlResultStore.FileName);
        var before = File.ReadAllBytes(results);

        var rescan = RunRescan.Rescan(RunDirectory, _dir.Combine("tasks"));
        var path = RunRescan.WriteSidecar(rescan, DateTimeOffset.UnixEpoch);

        Assert.Equal(before, File.ReadAllBytes(results));
        var lines = File.ReadAllLines(path);
        Assert.Equal(6, lines.Length);
        using var doc = JsonDocument.Parse(lines.Single(l => l.Contains("m__claude__t2__r1", StringComparison.Ordinal)));
        Assert.Equal("read", doc.RootElement.GetProperty("audit").GetProperty("severity").GetString());
        Assert.Equal("transcript", doc.RootElement.GetProperty("audit").GetProperty("findings")[0].GetProperty("source").GetString());
    }

    [Fact]
    public void A_run_without_results_is_a_clear_error()
    {
        var error = Assert.Throws<FileNotFoundException>(() => RunRescan.Rescan(_dir.Combine("nothing"), _dir.Combine("tasks")));
        Assert.Contains("results.jsonl", error.Message, StringComparison.Ordinal);
    }
}
