using HarnessBench.Core.Config;
using HarnessBench.Cli.Hosting;
using HarnessBench.Core.Reports;
using HarnessBench.Core.Reports.Rendering;

namespace HarnessBench.Cli.Commands;

/// <summary>The three files of a report, written side by side, and the figures they show.</summary>
internal sealed record ReportPaths(string Markdown, string Html, string Csv)
{
    /// <summary>The report model the files were rendered from (for `report --json`).</summary>
    public Report? Model { get; init; }
}

/// <summary>
/// Loads runs and writes report.md, report.html and cells.csv. Model metadata and the bench name come
/// from a bench file when one is known (the sweep passes its own; `hbench report` takes `--bench` or
/// tries the checkout's bench.yaml when it writes to the same run); everything works without it.
/// </summary>
internal static class ReportFiles
{
    public const string MarkdownName = "report.md";
    public const string HtmlName = "report.html";
    public const string CsvName = "cells.csv";

    public static ReportPaths Write(IReadOnlyList<string> runDirectories, string outDirectory, ReportSources sources, ReportOptions options)
    {
        var input = ReportLoader.Load(runDirectories, sources);
        return Write(input, outDirectory, options);
    }

    public static ReportPaths Write(ReportInput input, string outDirectory, ReportOptions options)
    {
        var report = ReportBuilder.Build(input, options);
        var doc = ReportLayout.Layout(report);
        Directory.CreateDirectory(outDirectory);
        var paths = new ReportPaths(Path.Combine(outDirectory, MarkdownName), Path.Combine(outDirectory, HtmlName), Path.Combine(outDirectory, CsvName)) { Model = report };
        // Write to a temporary name, then rename: a reader never sees half a report.
        WriteAtomically(paths.Markdown, MarkdownReport.Render(doc));
        WriteAtomically(paths.Html, HtmlReport.Render(doc));
        WriteAtomically(paths.Csv, CsvReport.Render(input.Cells));
        return paths;
    }

    /// <summary>What the sweep knows about its bench: name, tasks, model metadata.</summary>
    public static ReportSources SourcesFor(Bench bench) =>
        new(bench.TasksDirectory, bench.Models.ToDictionary(m => m.Name, m => m.Metadata, StringComparer.Ordinal), bench.Name, Environment.MachineName);

    /// <summary>
    /// Sources for `hbench report`: the bench file given, or the checkout's bench.yaml when its run
    /// directory is the first run's. A bench file that does not load is reported and ignored.
    /// </summary>
    public static ReportSources SourcesFor(string? benchFile, string? tasksDirectory, string firstRun, TextWriter warnings)
    {
        // A run made by this version records what it ran with: no bench file needed.
        if (benchFile is null && RunFolder.Sources(firstRun) is { } recorded)
        {
            return recorded with { TasksDirectory = tasksDirectory ?? recorded.TasksDirectory };
        }

        string? home = null;
        try
        {
            home = HomeDirectory.Find();
        }
        catch (InvalidOperationException)
        {
            // Outside a checkout: no tasks/ and no bench.yaml to read metadata from.
        }

        var tasks = tasksDirectory ?? (home is null ? null : Path.Combine(home, "tasks"));
        var candidate = benchFile ?? (home is null ? null : Path.Combine(home, "bench.yaml"));
        if (candidate is null || !File.Exists(candidate))
        {
            if (benchFile is not null) warnings.WriteLine($"warning: bench file '{benchFile}' not found; no model metadata");
            return new ReportSources(tasks, null, null, Environment.MachineName);
        }

        var load = BenchLoader.Load(candidate, new BenchLoadOptions(CliHarnessRegistry.Create(home).Names));
        if (load.Bench is not { } bench)
        {
            if (benchFile is not null) warnings.WriteLine($"warning: '{benchFile}' has {load.Errors.Count} error(s); no model metadata (run `./hbench run {benchFile}` to see them)");
            return new ReportSources(tasks, null, null, Environment.MachineName);
        }

        var sameRun = string.Equals(Path.GetFullPath(bench.RunDirectory).TrimEnd('/'), Path.GetFullPath(firstRun).TrimEnd('/'), StringComparison.Ordinal);
        return benchFile is not null || sameRun
            ? SourcesFor(bench) with { TasksDirectory = tasksDirectory ?? bench.TasksDirectory }
            : new ReportSources(tasks, null, null, Environment.MachineName);
    }

    /// <summary>
    /// The end of `hbench run`: writes the run's report and prints its path. A report that cannot be
    /// written is a warning, never a change of the sweep's exit code.
    /// </summary>
    /// <returns>The HTML report's path, or null when it could not be written.</returns>
    public static string? WriteAfterSweep(Bench bench, TextWriter output)
    {
        try
        {
            var paths = Write([bench.RunDirectory], bench.RunDirectory, SourcesFor(bench), ReportOptions.Default);
            output.WriteLine($"report: {ReportCommandLine.Relative(paths.Html)} (also {MarkdownName}, {CsvName}; `./hbench report` rewrites it)");
            return paths.Html;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            output.WriteLine($"warning: the report could not be written: {e.Message}");
            return null;
        }
    }

    private static void WriteAtomically(string path, string content)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
    }
}
