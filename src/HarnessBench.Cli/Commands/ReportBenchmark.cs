using System.Diagnostics;
using HarnessBench.Core.Reports;
using HarnessBench.Core.Reports.Rendering;

namespace HarnessBench.Cli.Commands;

/// <summary>
/// `hbench bench report`: generates a synthetic run (17 models x 5 harnesses x 40 tasks x repeats,
/// with metering and audit), writes it as results.jsonl, then times each phase of `hbench report`
/// on it. Not a test: figures depend on the machine; one warm-up pass is discarded.
/// </summary>
internal static class ReportBenchmark
{
    public static int Run(int cellCount, string? keep, TextWriter output)
    {
        const int models = 17, harnesses = 5, tasks = 40;
        var repeats = Math.Max(1, (int)Math.Ceiling(cellCount / (double)(models * harnesses * tasks)));
        var run = SyntheticCells.Generate(new SyntheticSpec(models, harnesses, tasks, repeats));
        var cells = run.Cells.Take(cellCount).ToList();
        var root = keep ?? Directory.CreateTempSubdirectory("hbench-report-bench-").FullName;
        try
        {
            var runDir = Path.Combine(root, "synthetic");
            SyntheticCells.WriteRun(runDir, cells);
            var size = new FileInfo(Path.Combine(runDir, "results.jsonl")).Length;
            var sources = new ReportSources(null, run.Models, "synthetic", Environment.MachineName);
            var options = new ReportOptions(cells[0].Model, cells.First(c => c.Model != cells[0].Model).Model);
            output.WriteLine($"report benchmark: {cells.Count} cells ({models} models x {harnesses} harnesses x {tasks} tasks x {repeats} repeats), results.jsonl {size / 1_000_000.0:0.0} MB");

            Measure(runDir, sources, options); // warm-up (JIT)
            // Best of three: on a shared machine the minimum is the figure least disturbed by neighbours.
            var runs = Enumerable.Range(0, Iterations).Select(_ => Measure(runDir, sources, options)).ToList();
            var paths = new ReportPaths(Path.Combine(runDir, ReportFiles.MarkdownName), Path.Combine(runDir, ReportFiles.HtmlName), Path.Combine(runDir, ReportFiles.CsvName));
            output.WriteLine($"{"phase (best of " + Iterations + ")",-28} {"wall ms",8} {"cpu ms",8}");
            for (var i = 0; i < runs[0].Count; i++)
            {
                output.WriteLine($"{runs[0][i].Name,-28} {runs.Min(r => r[i].Ms),8:0} {runs.Min(r => r[i].CpuMs),8:0}");
            }

            var total = runs.Min(r => r.Sum(p => p.Ms));
            output.WriteLine($"{"total",-28} {total,8:0} {runs.Min(r => r.Sum(p => p.CpuMs)),8:0}   goal < 2000 ms wall: {(total < 2000 ? "met" : "NOT met")} ({Environment.ProcessorCount} cores)");
            if (keep is not null) output.WriteLine($"kept: {ReportCommandLine.Relative(paths.Html)}");
            return ExitCodes.Success;
        }
        finally
        {
            if (keep is null) Directory.Delete(root, recursive: true);
        }
    }

    private const int Iterations = 3;

    private static List<(string Name, double Ms, double CpuMs)> Measure(string runDir, ReportSources sources, ReportOptions options)
    {
        var phases = new List<(string, double, double)>();
        using var process = Process.GetCurrentProcess();
        var clock = Stopwatch.StartNew();
        var cpu = process.TotalProcessorTime;
        void Phase(string name)
        {
            process.Refresh();
            phases.Add((name, clock.Elapsed.TotalMilliseconds, (process.TotalProcessorTime - cpu).TotalMilliseconds));
            cpu = process.TotalProcessorTime;
            clock.Restart();
        }

        var input = ReportLoader.Load([runDir], sources);
        Phase("load results.jsonl");
        var report = ReportBuilder.Build(input, options);
        Phase("build report model");
        var doc = ReportLayout.Layout(report);
        var markdown = MarkdownReport.Render(doc);
        var html = HtmlReport.Render(doc);
        var csv = CsvReport.Render(input.Cells);
        Phase("render md + html + csv");
        var paths = new ReportPaths(Path.Combine(runDir, ReportFiles.MarkdownName), Path.Combine(runDir, ReportFiles.HtmlName), Path.Combine(runDir, ReportFiles.CsvName));
        File.WriteAllText(paths.Markdown, markdown);
        File.WriteAllText(paths.Html, html);
        File.WriteAllText(paths.Csv, csv);
        Phase("write files");
        return phases;
    }
}
