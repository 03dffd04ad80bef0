using HarnessBench.Core.Results;
using HarnessBench.Core.Sweep;

namespace HarnessBench.Cli.Rendering;

/// <summary>
/// Progress as plain lines, one per event worth a line: for CI logs, pipes and files, where a
/// live display would print escape codes.
/// </summary>
internal sealed class PlainProgressObserver(TextWriter output) : ISweepObserver
{
    public void OnEvent(SweepEvent sweepEvent)
    {
        switch (sweepEvent)
        {
            case SweepStarted started:
                output.WriteLine(
                    $"sweep: {started.Progress.Total} cell(s) to run, {started.Resume.Count(CellAction.Skip)} already done, " +
                    (started.Resume.Count(CellAction.Deferred) > 0 ? $"{started.Resume.Count(CellAction.Deferred)} left for later (--limit), " : "") +
                    $"concurrency {started.Concurrency}");
                break;
            case SweepWarning warning:
                output.WriteLine($"warning: {warning.Message}");
                break;
            case ModelStarting model:
                output.WriteLine($"model {model.Model.Name}: {model.CellsToRun} cell(s)");
                break;
            case CellFinished finished:
                var p = finished.Progress;
                output.WriteLine(
                    $"[{p.Finished}/{p.Total}] {VerdictText.WithAudit(finished.Result),-22} {finished.Cell.Id.Value}  " +
                    $"{finished.Elapsed.TotalSeconds:F1}s  (pass {p.Passed}, fail {p.Failed}, error {p.Errors})");
                break;
            case SweepFinished done:
                output.WriteLine(SummaryText.Of(done.Summary));
                break;
        }

        output.Flush();
    }
}

/// <summary>"pass", "fail" or "error: agent-timeout".</summary>
internal static class VerdictText
{
    /// <summary>The verdict, and on a pass the audit label when there is one ("pass (read)"): a flagged pass is not a plain pass.</summary>
    public static string WithAudit(CellResult result) =>
        result is { Verdict: Verdict.Pass, Audit: { Severity: var severity } } && severity != Core.Audit.AuditSeverity.Clean
            ? $"pass ({severity.ToString().ToLowerInvariant()})"
            : Of(result);

    public static string Of(CellResult result) => result.Verdict switch
    {
        Verdict.Pass => "pass",
        Verdict.Fail => "fail",
        _ => "error: " + ErrorKindText.Of(result.ErrorKind),
    };
}

internal static class ErrorKindText
{
    /// <summary>The kind as the result line stores it ("agent-timeout", "harness-unavailable").</summary>
    public static string Of(ErrorKind? kind) =>
        kind is { } k ? System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(k.ToString()) : "unknown";
}

internal static class SummaryText
{
    public static string Of(SweepSummary s)
    {
        var errors = s.ErrorCount == 0
            ? "0 errors"
            : $"{s.ErrorCount} error(s): " + string.Join(", ", s.Errors.Where(e => e.Value > 0).Select(e => $"{ErrorKindText.Of(e.Key)} {e.Value}"));
        return $"sweep {s.Status.ToString().ToLowerInvariant()}: ran {s.Ran} of {s.Planned} planned ({s.Skipped} already done) " +
               $"in {s.Elapsed.TotalSeconds:F1}s: {s.Passed} pass, {s.Failed} fail, {errors}" +
               (s.Message is null ? "" : Environment.NewLine + s.Message);
    }
}
