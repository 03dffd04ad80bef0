using System.Globalization;
using System.Text.Json;
using System.Xml;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;
using HarnessBench.Core.Sweep;

namespace HarnessBench.Cli.Rendering;

/// <summary>What a sweep leaves for people and machines after it ends: the run's totals, a JSON summary, JUnit XML.</summary>
internal static class RunOutputs
{
    /// <summary>The run's standing over the whole plan, this invocation's cells and earlier ones together.</summary>
    public sealed record RunTotals(int Cells, int WithResult, int Passed, int Failed, int Errors);

    public static RunTotals Totals(Plan plan, StoredResults stored)
    {
        var results = plan.Cells.Where(c => !c.IsWarmup).Select(c => stored.Latest.GetValueOrDefault(c.Id.Value)).ToList();
        return new RunTotals(results.Count, results.Count(r => r is not null),
            results.Count(r => r?.Verdict == Verdict.Pass), results.Count(r => r?.Verdict == Verdict.Fail), results.Count(r => r?.Verdict == Verdict.Error));
    }

    public static string TotalsLine(RunTotals t) =>
        $"run totals: {t.WithResult} of {t.Cells} cell(s) have a result: {t.Passed} pass, {t.Failed} fail, {t.Errors} error";

    public static string Json(string bench, string run, string runDirectory, SweepSummary summary, RunTotals totals, string? report) => JsonSerializer.Serialize(new
    {
        bench,
        run,
        run_directory = runDirectory,
        status = summary.Status.ToString().ToLowerInvariant(),
        message = summary.Message,
        this_invocation = new
        {
            planned = summary.Planned,
            skipped = summary.Skipped,
            ran = summary.Ran,
            passed = summary.Passed,
            failed = summary.Failed,
            errors = summary.Errors.Where(e => e.Value > 0).ToDictionary(e => ErrorKindText.Of(e.Key), e => e.Value),
            elapsed_s = Math.Round(summary.Elapsed.TotalSeconds, 1),
        },
        run_totals = new { cells = totals.Cells, with_result = totals.WithResult, passed = totals.Passed, failed = totals.Failed, errors = totals.Errors },
        report,
    });

    /// <summary>
    /// JUnit XML for CI systems: one suite per (model, harness), one case per cell (task and repeat);
    /// fail is a failure with the reason, error an error with its kind and message.
    /// </summary>
    public static void WriteJUnit(string path, string suiteName, IEnumerable<CellResult> results)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) };
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var writer = XmlWriter.Create(full, settings);
        var cells = results.Where(r => !r.Warmup).OrderBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Harness, StringComparer.Ordinal)
            .ThenBy(r => r.Task, StringComparer.Ordinal).ThenBy(r => r.Repeat).ToList();
        writer.WriteStartElement("testsuites");
        writer.WriteAttributeString("name", suiteName);
        Counts(writer, cells);
        foreach (var suite in cells.GroupBy(r => $"{r.Model}.{r.Harness}"))
        {
            writer.WriteStartElement("testsuite");
            writer.WriteAttributeString("name", suite.Key);
            Counts(writer, [.. suite]);
            foreach (var cell in suite)
            {
                writer.WriteStartElement("testcase");
                writer.WriteAttributeString("classname", suite.Key);
                writer.WriteAttributeString("name", $"{cell.Task} r{cell.Repeat}");
                writer.WriteAttributeString("time", (cell.Timings.TotalMs / 1000.0).ToString("F3", CultureInfo.InvariantCulture));
                if (cell.Verdict == Verdict.Fail)
                {
                    writer.WriteStartElement("failure");
                    writer.WriteAttributeString("message", cell.FailReason ?? "fail");
                    writer.WriteString(cell.GraderStdoutTail ?? "");
                    writer.WriteEndElement();
                }
                else if (cell.Verdict == Verdict.Error)
                {
                    writer.WriteStartElement("error");
                    writer.WriteAttributeString("type", ErrorKindText.Of(cell.ErrorKind));
                    writer.WriteAttributeString("message", cell.ErrorMessage ?? "");
                    writer.WriteEndElement();
                }

                writer.WriteElementString("system-out", cell.CellId);
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static void Counts(XmlWriter writer, List<CellResult> cells)
    {
        writer.WriteAttributeString("tests", cells.Count.ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("failures", cells.Count(c => c.Verdict == Verdict.Fail).ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("errors", cells.Count(c => c.Verdict == Verdict.Error).ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("time", (cells.Sum(c => c.Timings.TotalMs) / 1000.0).ToString("F3", CultureInfo.InvariantCulture));
    }
}
