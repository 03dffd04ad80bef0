using System.Diagnostics;
using HarnessBench.Core.Reports;

namespace HarnessBench.Cli.Viewer;

/// <summary>
/// `hbench bench view`: writes a synthetic run (the report benchmark's cells, plus one full cell
/// folder), serves it on a loopback port and times real HTTP GETs of its pages: the run page cold
/// (results.jsonl loaded, report model built, page rendered) and cached, a filtered run page and a
/// cell page. Best of three after a warm-up. Not a test: figures depend on the machine.
/// </summary>
internal static class ViewBenchmark
{
    private const int Iterations = 3;
    private const int Turns = 150;

    public static async Task<int> RunAsync(int cellCount, string? keep, TextWriter output, CancellationToken ct)
    {
        const int models = 17, harnesses = 5, tasks = 40;
        var repeats = Math.Max(1, (int)Math.Ceiling(cellCount / (double)(models * harnesses * tasks)));
        var cells = SyntheticCells.Generate(new SyntheticSpec(models, harnesses, tasks, repeats)).Cells.Take(cellCount).ToList();
        var root = keep ?? Directory.CreateTempSubdirectory("hbench-view-bench-").FullName;
        try
        {
            var runDir = Path.Combine(root, "results", "synthetic");
            SyntheticCells.WriteRun(runDir, cells);
            var target = cells.FirstOrDefault(c => c.Verdict == Core.Results.Verdict.Fail) ?? cells[0];
            SyntheticCellFolder.Write(Path.Combine(runDir, "cells", target.CellId), Path.Combine(root, "tasks", target.Task, "workspace"), Turns);
            var size = new FileInfo(Path.Combine(runDir, Core.Results.JsonlResultStore.FileName)).Length;
            var entry = RunCatalog.Discover(Path.Combine(root, "results"), []).Single();
            var site = new ViewSite(new RunStore([entry], Path.Combine(root, "tasks")), Path.Combine(root, "results"));
            await using var server = await ViewServer.StartAsync(site, "127.0.0.1", 0, ct);
            using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(2) };
            output.WriteLine($"view benchmark: {cells.Count} cells ({models} models x {harnesses} harnesses x {tasks} tasks x {repeats} repeats), results.jsonl {size / 1_000_000.0:0.0} MB; " +
                $"the cell page has {Turns * 3 + 2} trajectory events, {Turns / 3} model requests, a 6-file workspace diff");

            var run = $"runs/{entry.Key}/index.html";
            var filtered = $"{run}?harness={Uri.EscapeDataString(target.Harness)}&verdict=fail";
            var cell = $"runs/{entry.Key}/cells/{Uri.EscapeDataString(target.CellId)}.html";
            var first = await Get(http, run, ct);
            var rows = new (string Name, string Path, bool Cold)[]
            {
                ("runs page, cold (loads the run)", "index.html", true),
                ("run page, cold (load + model + render)", run, true),
                ("run page, cached", run, false),
                ($"run page, filtered (harness, verdict)", filtered, false),
                ("cell page", cell, false),
            };
            output.WriteLine($"{"page (HTTP GET, best of " + Iterations + " after a warm-up)",-44} {"ms",8} {"KB",8}");
            output.WriteLine($"{"run page, first open after start (JIT too)",-44} {first.Ms,8:0} {first.Bytes / 1024.0,8:0}");
            double coldRun = 0;
            foreach (var (name, path, cold) in rows)
            {
                var best = double.MaxValue;
                long bytes = 0;
                for (var i = 0; i <= Iterations; i++)
                {
                    if (cold) site.Store.Clear();
                    var (ms, length) = await Get(http, path, ct);
                    if (i > 0) best = Math.Min(best, ms); // i == 0 is the warm-up
                    bytes = length;
                }

                if (path == run && cold) coldRun = best;
                output.WriteLine($"{name,-44} {best,8:0} {bytes / 1024.0,8:0}");
            }

            output.WriteLine($"goal: a {cells.Count}-cell run opens (cold run page) in < 2000 ms: {(coldRun < 2000 ? "met" : "NOT met")} ({Environment.ProcessorCount} cores; pages list {RunPage.PageSize} cells each)");
            if (keep is not null) output.WriteLine($"kept: {runDir} (./hbench view --results {Path.Combine(root, "results")} --tasks-dir {Path.Combine(root, "tasks")})");
            return ExitCodes.Success;
        }
        finally
        {
            if (keep is null) Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<(double Ms, long Bytes)> Get(HttpClient http, string path, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(path, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        clock.Stop();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}");
        return (clock.Elapsed.TotalMilliseconds, body.Length);
    }
}
