using HarnessBench.Core.Reports;
using HarnessBench.Core.Results;

namespace HarnessBench.Core.Tests.Reports;

public class ReportLoaderTests
{
    [Fact]
    public void Metering_and_audit_round_trip_through_results_jsonl()
    {
        using var dir = new TempDirectory();
        var run = SyntheticCells.Generate(ReportSnapshotTests.Spec);
        SyntheticCells.WriteRun(dir.Combine("synthetic"), run.Cells);

        var input = ReportLoader.Load([dir.Combine("synthetic")], new ReportSources(null, run.Models, "b", "h"));

        Assert.Equal(run.Cells.Count, input.Cells.Count);
        Assert.Empty(input.Warnings);
        var byId = input.Cells.ToDictionary(c => c.CellId);
        foreach (var expected in run.Cells)
        {
            var actual = byId[expected.CellId];
            Assert.Equal(expected.Metering, actual.Metering);
            Assert.Equal(expected.Audit!.Severity, actual.Audit!.Severity);
            Assert.Equal(expected.Audit.Findings, actual.Audit.Findings);
            Assert.Equal(expected.CostUsd, actual.CostUsd);
            Assert.Equal((expected.Quant, expected.Params, expected.Verdict, expected.ErrorKind), (actual.Quant, actual.Params, actual.Verdict, actual.ErrorKind));
        }
    }

    [Fact]
    public void The_last_line_per_cell_wins_and_a_later_run_wins_over_an_earlier_one()
    {
        using var dir = new TempDirectory();
        var first = ReportCells.Cell("m", "h", "t", Verdict.Fail, run: "a");
        var second = first with { Verdict = Verdict.Pass, Run = "a" };
        SyntheticCells.WriteRun(dir.Combine("a"), [first, second]);
        SyntheticCells.WriteRun(dir.Combine("b"), [first with { Run = "b" }]);

        var one = ReportLoader.Load([dir.Combine("a")], new ReportSources(null, null, null, "h"));
        Assert.Equal(Verdict.Pass, Assert.Single(one.Cells).Verdict);
        var both = ReportLoader.Load([dir.Combine("a"), dir.Combine("b")], new ReportSources(null, null, null, "h"));
        Assert.Equal(["a", "b"], both.Runs);
        Assert.Equal("b", Assert.Single(both.Cells).Run);
        Assert.Equal("a", both.BenchName);
    }

    [Fact]
    public void Task_metadata_comes_from_task_yaml()
    {
        using var dir = new TempDirectory();
        SyntheticCells.WriteRun(dir.Combine("r"), [ReportCells.Cell("m", "h", "rust-roman", Verdict.Pass), ReportCells.Cell("m", "h", "no-such-task", Verdict.Pass)]);
        var tasks = Path.Combine(RepoTasks(), "tasks");

        var input = ReportLoader.Load([dir.Combine("r")], new ReportSources(tasks, null, null, "h"));

        var cell = input.Cells.Single(c => c.Task == "rust-roman");
        Assert.Equal(("rust", "medium"), (cell.Language?.ToLowerInvariant(), cell.Difficulty));
        Assert.Null(input.Cells.Single(c => c.Task == "no-such-task").Language);
        Assert.Contains(input.Warnings, w => w.Contains("no-such-task", StringComparison.Ordinal));
    }

    [Fact]
    public void The_fast_line_reader_agrees_with_the_full_deserializer()
    {
        var full = Results.JsonlResultStoreTests.Sample("c1", Verdict.Error, ErrorKind.GraderTimeout) with
        {
            Checks = new CellChecks(3, 4, 4, true) { Failed = ["nested \"name\": {\"a\":[1,2,{\"b\":null}]}"] },
            Images = new CellImages(new CellImage("hb/python+nop", "sha256:1") { Node = "worker-1" }, new CellImage("hb/python", null)),
            HarnessVersion = "1.2.3",
            GraderStdoutTail = "line with \"quotes\" and \n newlines",
        };
        var line = ResultJson.Serialize(full);
        var withExtras = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(line)[..^1] +
            ""","metering":{"prompt_tokens":10,"completion_tokens":5,"ttft_ms":12.5,"future_field":[1]},"audit":{"severity":"high","findings":["x"]}}""");

        var (result, extras, error) = ResultLineParser.Parse(withExtras);

        Assert.Null(error);
        Assert.Equal((full.CellId, full.RunId, full.Model, full.Harness, full.Task, full.Repeat, full.Verdict, full.ErrorKind),
            (result!.CellId, result.RunId, result.Model, result.Harness, result.Task, result.Repeat, result.Verdict, result.ErrorKind));
        Assert.Equal(full.Timings, result.Timings);
        Assert.Equal(full.Images, result.Images);
        Assert.DoesNotContain("\"node\":null", System.Text.Encoding.UTF8.GetString(line), StringComparison.Ordinal); // the local backend's lines name no node
        Assert.Equal((full.HarnessVersion, full.StartedAt, full.FinishedAt), (result.HarnessVersion, result.StartedAt, result.FinishedAt));
        Assert.Equal(new CellMetering(10, 5, null, null, 12.5, null, null), extras!.Metering);
        Assert.Equal("high", extras.Audit!.Severity);
    }

    [Fact]
    public void The_gateway_metering_of_a_result_line_is_read()
    {
        var line = ResultJson.Serialize(Results.JsonlResultStoreTests.Sample("c1") with
        {
            Metering = new ModelMetering(7, 1200, 300, 40, 100, 350.5, 42.25, 9000, new Dictionary<string, int> { ["http-5xx"] = 1 },
                null, 4000, 1000, ["bash", "write"], "cells/c1/transcript.jsonl.gz"),
        });

        var (_, extras, error) = ResultLineParser.Parse(line);

        Assert.Null(error);
        Assert.Equal(new CellMetering(1200, 300, 40, 7, 350.5, 42.25, null), extras!.Metering);
    }

    [Fact]
    public void Torn_and_foreign_lines_are_skipped_with_warnings_and_newer_schemas_refused()
    {
        using var dir = new TempDirectory();
        SyntheticCells.WriteRun(dir.Combine("r"), [ReportCells.Cell("m", "h", "t", Verdict.Pass)]);
        var path = dir.Combine("r", "results.jsonl");
        File.AppendAllText(path, "{\"not\":\"a result\"}\n{\"schema\":1,\"run_id\":\"r\",\"cell");

        var input = ReportLoader.Load([dir.Combine("r")], new ReportSources(null, null, null, "h"));

        Assert.Single(input.Cells);
        Assert.Equal(2, input.Warnings.Count);
        Assert.Contains(input.Warnings, w => w.Contains("partial last line", StringComparison.Ordinal));
        File.WriteAllText(path, File.ReadAllLines(path)[0].Replace("\"schema\":1", "\"schema\":99", StringComparison.Ordinal) + "\n");
        Assert.Throws<InvalidDataException>(() => ReportLoader.Load([dir.Combine("r")], new ReportSources(null, null, null, "h")));
    }

    [Fact]
    public void A_missing_run_says_what_to_pass() =>
        Assert.Contains("pass a run directory", Assert.Throws<FileNotFoundException>(() =>
            ReportLoader.Load(["/nonexistent/run"], new ReportSources(null, null, null, "h"))).Message, StringComparison.Ordinal);

    private static string RepoTasks()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "tasks", "rust-roman"))) return dir.FullName;
        }

        throw new InvalidOperationException("repository root not found");
    }
}
