using System.CommandLine;
using HarnessBench.Core.Reports;
using HarnessBench.Cli.Rendering;
using HarnessBench.Core.Reports.Rendering;

namespace HarnessBench.Cli.Commands;

/// <summary>`hbench report`, `hbench diff` and `hbench bench report`: file-only commands (no Docker, no host).</summary>
internal static class ReportCommandLine
{
    public static Command Report()
    {
        var runs = new Argument<string[]>("runs") { Description = "Runs: names (results/<name>/) or run directories; several runs are merged.", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string?>("--out") { Description = "Folder for report.md, report.html and cells.csv (default: the first run directory)." };
        var pair = new Option<string?>("--pair") { Description = "Compare two model variants cell by cell: modelA,modelB (e.g. q4 vs q8 of one model)." };
        var bench = new Option<string?>("--bench") { Description = "Bench file for model metadata (params, quant, prices). Default: bench.yaml when it wrote this run." };
        var tasks = new Option<string?>("--tasks-dir") { Description = "Tasks folder for language and difficulty (default: the checkout's tasks/)." };
        var json = new Option<bool>("--json") { Description = "Also print the report's figures (every table of report.md) as JSON on stdout." };
        var command = new Command("report", "Write report.md, a self-contained report.html and cells.csv for one or more runs.") { runs, outDir, pair, bench, tasks, json };
        command.SetAction(parse =>
        {
            if (Resolve(parse.GetValue(runs)!) is not { } dirs)
            {
                return ExitCodes.Usage;
            }

            ReportOptions options = ReportOptions.Default;
            if (parse.GetValue(pair) is { } p)
            {
                var parts = p.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length != 2)
                {
                    Console.Error.WriteLine("--pair takes two model names separated by a comma: --pair modelA,modelB");
                    return ExitCodes.Usage;
                }

                options = options with { PairA = parts[0], PairB = parts[1] };
            }

            try
            {
                var sources = ReportFiles.SourcesFor(parse.GetValue(bench), parse.GetValue(tasks), dirs[0], Console.Error);
                var input = ReportLoader.Load(dirs, sources);
                var unknown = new[] { options.PairA, options.PairB }.OfType<string>().Where(m => input.Cells.All(c => c.Model != m)).ToList();
                if (unknown.Count > 0)
                {
                    Console.Error.WriteLine($"--pair: no cells for {string.Join(", ", unknown)}; models in the run: {string.Join(", ", input.Cells.Select(c => c.Model).Distinct().Order(StringComparer.Ordinal))}");
                    return ExitCodes.Usage;
                }

                var paths = ReportFiles.Write(input, parse.GetValue(outDir) ?? dirs[0], options);
                foreach (var warning in input.Warnings)
                {
                    Console.Error.WriteLine($"warning: {warning}");
                }

                var written = $"report: {Relative(paths.Html)} ({input.Cells.Count} cells; also {Path.GetFileName(paths.Markdown)}, {Path.GetFileName(paths.Csv)})";
                if (parse.GetValue(json))
                {
                    Console.Error.WriteLine(written);
                    Console.WriteLine(ReportJson.Serialize(paths));
                }
                else
                {
                    Console.WriteLine(written);
                }

                return ExitCodes.Success;
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
            {
                Console.Error.WriteLine(e.Message);
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    public static Command Diff()
    {
        var runA = new Argument<string>("run-a") { Description = "The baseline run (a name under results/ or a run directory)." };
        var runB = new Argument<string>("run-b") { Description = "The new run." };
        var outDir = new Option<string?>("--out") { Description = "Also write the diff to this folder (diff.md, and diff.json with --json)." };
        var json = new Option<bool>("--json") { Description = "Print the diff as JSON instead of markdown." };
        var command = new Command("diff",
            "Compare two runs: flipped cells, audit-adjusted pass-rate changes per (model, harness) in percentage points, new and missing cells. " +
            "Exit 0: no regression; 1: an honest pass went to fail, or an audit-adjusted pass rate dropped with non-overlapping Wilson 95% intervals.")
        {
            runA, runB, outDir, json,
        };
        command.SetAction(parse =>
        {
            if (Resolve([parse.GetValue(runA)!, parse.GetValue(runB)!]) is not [var a, var b])
            {
                return ExitCodes.Usage;
            }

            try
            {
                var sources = new ReportSources(null, null, null, Environment.MachineName);
                // Runs are named as the user passed them: two copies of one run have the same run id.
                var diff = RunDiff.Compare(parse.GetValue(runA)!, ReportLoader.Load([a], sources).Cells, parse.GetValue(runB)!, ReportLoader.Load([b], sources).Cells);
                var markdown = DiffMarkdown.Render(diff);
                var jsonText = DiffJson.Render(diff);
                Console.Write(parse.GetValue(json) ? jsonText + "\n" : markdown);
                if (parse.GetValue(outDir) is { } dir)
                {
                    Directory.CreateDirectory(dir);
                    File.WriteAllText(Path.Combine(dir, "diff.md"), markdown);
                    if (parse.GetValue(json)) File.WriteAllText(Path.Combine(dir, "diff.json"), jsonText);
                }

                if (diff.TaskSetsDiffer) Console.Error.WriteLine("warning: the two runs cover different tasks; pass rates compare different task sets");
                return diff.IsRegression ? ExitCodes.CheckFailed : ExitCodes.Success;
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
            {
                Console.Error.WriteLine(e.Message);
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    /// <summary>Run names or directories to run directories; prints the problem and returns null when one is unknown.</summary>
    private static string[]? Resolve(string[] runs)
    {
        var resolved = new string[runs.Length];
        for (var i = 0; i < runs.Length; i++)
        {
            if (RunLocator.Resolve(runs[i], out var problem) is not { } directory)
            {
                Console.Error.WriteLine($"hbench: {problem}");
                return null;
            }

            resolved[i] = directory;
        }

        return resolved;
    }

    public static Command BenchReport()
    {
        var cells = new Option<int>("--cells") { Description = "Synthetic cells to report on.", DefaultValueFactory = _ => 100_000 };
        var keep = new Option<string?>("--out") { Description = "Keep the generated run and report in this folder (default: a temp folder, deleted)." };
        var command = new Command("report", "Time report generation (load, build, render, write) on synthetic cells; the goal is under 2 s for 100k cells.") { cells, keep };
        command.SetAction(parse => ReportBenchmark.Run(Math.Max(1, parse.GetValue(cells)), parse.GetValue(keep), Console.Out));
        return command;
    }

    internal static string Relative(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
