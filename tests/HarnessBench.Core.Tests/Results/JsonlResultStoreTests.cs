using HarnessBench.Core.Pipeline;
using System.Text;
using System.Text.Json;
using HarnessBench.Core.Results;

namespace HarnessBench.Core.Tests.Results;

public class JsonlResultStoreTests
{
    internal static CellResult Sample(string cellId, Verdict verdict = Verdict.Pass, ErrorKind? kind = null, string hash = "sha256:aa") => new()
    {
        RunId = "run",
        SessionId = "s1",
        CellId = cellId,
        DefinitionHash = hash,
        Model = "m",
        Harness = "nop",
        Task = "t",
        Repeat = 1,
        Verdict = verdict,
        ErrorKind = kind,
        ErrorMessage = kind is null ? null : "boom",
        Timings = new CellTimings(1, 2, 3, 6, 1, 1, 4),
        StartedAt = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
        FinishedAt = new DateTimeOffset(2025, 1, 1, 0, 0, 6, TimeSpan.Zero),
    };

    [Fact]
    public async Task Lines_are_one_snake_case_json_object_each_and_round_trip()
    {
        using var dir = new TempDirectory();
        var full = Sample("a", Verdict.Error, ErrorKind.AgentTimeout) with
        {
            Checks = new CellChecks(1, 2, 2, true) { Failed = ["b: got 1"] },
            Graded = new GradedFiles(["a.py"], ["conftest.py"], 1, []),
            Images = new CellImages(new CellImage("hb/python+nop", "sha256:1") { Node = "worker-1" }, null),
            Logs = new CellLogs("cells/a/agent.stdout.log", null, null, null, "cells/a/workspace", null),
        };
        using (var store = JsonlResultStore.Open(dir.Path))
        {
            await store.AppendAsync(full, default);
            await store.AppendAsync(Sample("b"), default);
        }

        var text = await File.ReadAllTextAsync(dir.Combine("results.jsonl"));
        var lines = text.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal("", lines[2]);
        using var first = JsonDocument.Parse(lines[0]);
        var root = first.RootElement;
        Assert.Equal(1, root.GetProperty("schema").GetInt32());
        Assert.Equal("a", root.GetProperty("cell_id").GetString());
        Assert.Equal("error", root.GetProperty("verdict").GetString());
        Assert.Equal("agent-timeout", root.GetProperty("error_kind").GetString());
        Assert.Equal(6, root.GetProperty("timings").GetProperty("total_ms").GetInt64());
        Assert.Equal(4, root.GetProperty("timings").GetProperty("sandbox_overhead_ms").GetInt64());
        Assert.Equal("sha256:1", root.GetProperty("images").GetProperty("agent").GetProperty("id").GetString());
        Assert.Equal("worker-1", root.GetProperty("images").GetProperty("agent").GetProperty("node").GetString());
        Assert.Equal("cells/a/agent.stdout.log", root.GetProperty("logs").GetProperty("agent_stdout").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("grader_exit_code").ValueKind);
        Assert.Equal("2025-01-01T00:00:06+00:00", root.GetProperty("finished_at").GetString());

        var stored = JsonlResultStore.Read(dir.Combine("results.jsonl"));
        Assert.Equal(2, stored.Lines);
        Assert.Empty(stored.Warnings);
        var read = stored.Latest["a"];
        Assert.Equal((full.Verdict, full.ErrorKind, full.Timings, full.Images, full.Logs), (read.Verdict, read.ErrorKind, read.Timings, read.Images, read.Logs));
        Assert.Equal((1, 2, 2, true, "b: got 1"), (read.Checks!.Passed, read.Checks.Total, read.Checks.Declared, read.Checks.Finished, read.Checks.Failed.Single()));
        Assert.Equal(2, root.GetProperty("checks").GetProperty("declared").GetInt32());
        Assert.Equal("conftest.py", root.GetProperty("graded").GetProperty("ignored")[0].GetString());
        Assert.Equal(["a.py"], read.Graded!.Surface);
    }

    [Fact]
    public async Task Last_line_per_cell_wins()
    {
        using var dir = new TempDirectory();
        using var store = JsonlResultStore.Open(dir.Path);
        await store.AppendAsync(Sample("a", Verdict.Error, ErrorKind.Interrupted), default);
        await store.AppendAsync(Sample("b", Verdict.Fail), default);
        await store.AppendAsync(Sample("a", Verdict.Pass), default);

        var stored = await store.LoadAsync(default);

        Assert.Equal(3, stored.Lines);
        Assert.Equal(2, stored.Latest.Count);
        Assert.Equal(Verdict.Pass, stored.Latest["a"].Verdict);
    }

    [Fact]
    public async Task A_torn_last_line_is_cut_off_on_open_and_reported()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("results.jsonl");
        var whole = JsonSerializerLine(Sample("a"));
        var torn = JsonSerializerLine(Sample("b"))[..40];
        await File.WriteAllTextAsync(path, whole + torn);

        Assert.Equal(["a"], JsonlResultStore.Read(path).Latest.Keys); // reading alone never modifies the file
        Assert.EndsWith(torn, await File.ReadAllTextAsync(path), StringComparison.Ordinal);

        using (var store = JsonlResultStore.Open(dir.Path))
        {
            var stored = await store.LoadAsync(default);
            Assert.Equal(["a"], stored.Latest.Keys);
            var warning = Assert.Single(stored.Warnings);
            Assert.Contains("removed a partial last line (40 bytes)", warning, StringComparison.Ordinal);
            await store.AppendAsync(Sample("b"), default);
        }

        var lines = (await File.ReadAllLinesAsync(path)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
        Assert.Equal(["a", "b"], JsonlResultStore.Read(path).Latest.Keys.Order());
    }

    [Fact]
    public async Task A_complete_last_line_missing_only_its_newline_is_kept()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("results.jsonl");
        await File.WriteAllTextAsync(path, JsonSerializerLine(Sample("a")) + JsonSerializerLine(Sample("b")).TrimEnd('\n'));

        using var store = JsonlResultStore.Open(dir.Path);
        var stored = await store.LoadAsync(default);

        Assert.Equal(["a", "b"], stored.Latest.Keys.Order());
        Assert.Contains("completed the last line (cell b)", Assert.Single(stored.Warnings), StringComparison.Ordinal);
        Assert.EndsWith("\n", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_line_in_the_middle_is_skipped_with_its_line_number()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("results.jsonl", JsonSerializerLine(Sample("a")) + "{\"schema\":1,\"cell_\n" + JsonSerializerLine(Sample("b")));

        var stored = JsonlResultStore.Read(path);

        Assert.Equal(["a", "b"], stored.Latest.Keys.Order());
        Assert.Contains(":2: skipped a line that is not a result", Assert.Single(stored.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Newer_schema_is_refused()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("results.jsonl", JsonSerializerLine(Sample("a") with { Schema = 2 }));

        var error = Assert.Throws<InvalidDataException>(() => JsonlResultStore.Read(path));
        Assert.Contains("schema 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_cannot_be_opened_by_two_writers()
    {
        using var dir = new TempDirectory();
        using var first = JsonlResultStore.Open(dir.Path);

        var error = Assert.Throws<IOException>(() => JsonlResultStore.Open(dir.Path));
        Assert.Contains("in use by another hbench process", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_appends_never_interleave()
    {
        using var dir = new TempDirectory();
        using (var store = JsonlResultStore.Open(dir.Path))
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 8 },
                async (i, ct) => await store.AppendAsync(Sample($"cell-{i}") with { ErrorMessage = new string('x', i * 50) }, ct));
        }

        var stored = JsonlResultStore.Read(dir.Combine("results.jsonl"));
        Assert.Equal(200, stored.Lines);
        Assert.Equal(200, stored.Latest.Count);
        Assert.Empty(stored.Warnings);
    }

    private static string JsonSerializerLine(CellResult result) =>
        Encoding.UTF8.GetString(HarnessBench.Core.Results.ResultJson.Serialize(result)) + "\n";
}
