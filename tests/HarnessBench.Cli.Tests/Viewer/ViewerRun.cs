using System.Text;
using HarnessBench.Cli.Viewer;
using HarnessBench.Core.Audit;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Reports;
using HarnessBench.Core.Results;

namespace HarnessBench.Cli.Tests.Viewer;

/// <summary>
/// Two small runs on disk for the viewer's tests: "alpha" (12 synthetic cells) and "beta" (the same
/// cells with some verdicts flipped). One cell of alpha has a full folder whose trajectory, logs,
/// findings, grader output and file names are hostile (script tags, event-handler attributes, quotes),
/// with symlinks that point out of the folder. Deleted on dispose.
/// </summary>
internal sealed class ViewerRun : IDisposable
{
    /// <summary>What an agent could write anywhere: every way out of text into markup.</summary>
    public const string Hostile = "<script>document.title='PWNED'</script><img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">\"' onmouseover='alert(1)' </textarea></pre>-->";

    public ViewerRun()
    {
        Root = Directory.CreateTempSubdirectory("hbench-viewer-test-").FullName;
        var cells = SyntheticCells.Generate(new SyntheticSpec(2, 2, 3, 1)).Cells.ToList();
        Target = cells.First(c => c.Verdict == Verdict.Fail);
        WriteRun(Alpha, "alpha", cells);
        // Beta: the first two passes fail, the last fail (not the target) passes.
        var toFail = cells.Where(c => c.Verdict == Verdict.Pass).Take(2).Select(c => c.CellId).ToHashSet();
        var toPass = cells.LastOrDefault(c => c.Verdict == Verdict.Fail && c.CellId != Target.CellId)?.CellId;
        var flipped = cells.Select(c => toFail.Contains(c.CellId) ? c with { Verdict = Verdict.Fail, FailReason = "checks 1/10: flipped" }
            : c.CellId == toPass ? c with { Verdict = Verdict.Pass, FailReason = null } : c).ToList();
        WriteRun(Path.Combine(Results, "beta"), "beta", flipped);

        var cellDir = Path.Combine(Alpha, "cells", Target.CellId);
        SyntheticCellFolder.Write(cellDir, Path.Combine(Tasks, Target.Task, "workspace"), turns: 6, hostile: Hostile);
        File.WriteAllText(Path.Combine(cellDir, "error.log"), Hostile);
        Directory.CreateDirectory(Path.Combine(cellDir, "agent-logs", "sessions"));
        File.WriteAllText(Path.Combine(cellDir, "agent-logs", "sessions", "evil.html"), Hostile);
        File.WriteAllText(Path.Combine(cellDir, "agent-logs", "after.log"), "exported 1 session\n");
        File.WriteAllText(Path.Combine(cellDir, "workspace", "<img src=x onerror=alert(1)>.py"), Hostile + "\n");
        File.CreateSymbolicLink(Path.Combine(cellDir, "escape.log"), "/etc/passwd");
        File.CreateSymbolicLink(Path.Combine(cellDir, "agent-logs", "passwd.log"), "/etc/passwd");
        Directory.CreateSymbolicLink(Path.Combine(cellDir, "agent-logs", "etc"), "/etc");
        File.WriteAllText(Path.Combine(Alpha, "outside.txt"), "a file of the run folder, outside every cell folder");
    }

    public string Root { get; }

    public string Results => Path.Combine(Root, "results");

    public string Tasks => Path.Combine(Root, "tasks");

    public string Alpha => Path.Combine(Results, "alpha");

    /// <summary>The failing cell with a full, hostile cell folder.</summary>
    public ReportCell Target { get; }

    /// <summary>The trajectory step the target's "read" finding points at (the hostile tool call).</summary>
    public const int FlaggedStep = 8;

    public ViewSite Site() => new(new RunStore(() => RunCatalog.Discover(Results, []), Tasks), Results);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    private void WriteRun(string dir, string run, IReadOnlyList<ReportCell> cells)
    {
        Directory.CreateDirectory(dir);
        var lines = new StringBuilder();
        foreach (var c in cells)
        {
            var result = SyntheticCells.ToResult(c with { Run = run }) with { Metering = Metering(c) };
            if (c.CellId == Target.CellId && run == "alpha")
            {
                result = result with
                {
                    FailReason = "checks 7/10: " + Hostile,
                    Checks = new CellChecks(7, 10, 10, true) { Failed = ["case 7: " + Hostile] },
                    GraderStdoutTail = "FAIL case 7 " + Hostile,
                    GraderStderrTail = Hostile,
                    Graded = new GradedFiles(["module_0.py"], ["notes.md"], 1, []),
                    Audit = new HarnessBench.Core.Audit.CellAudit(AuditSeverity.Read,
                        [
                            new AuditFinding(AuditSeverity.Read, "shell-read", "trajectory", FlaggedStep, "cat /tests/test.sh " + Hostile),
                            new AuditFinding(AuditSeverity.Mention, "model-mention", "trajectory", 1, "mentions the tests"),
                        ], true, "standard", 2),
                };
            }
            else if (c.Audit is { } audit)
            {
                var severity = Enum.Parse<AuditSeverity>(audit.Severity ?? "clean", ignoreCase: true);
                result = result with { Audit = new HarnessBench.Core.Audit.CellAudit(severity, [.. (audit.Findings ?? []).Select(f => new AuditFinding(severity, "synthetic", "trajectory", 1, f))], null, "standard", 2) };
            }

            lines.Append(Encoding.UTF8.GetString(ResultJson.Serialize(result))).Append('\n');
        }

        File.WriteAllText(Path.Combine(dir, JsonlResultStore.FileName), lines.ToString());
    }

    private static ModelMetering? Metering(ReportCell c) => c.Metering is { } m
        ? new ModelMetering((int)(m.Requests ?? 1), m.PromptTokens ?? 0, m.CompletionTokens ?? 0, m.ReasoningTokens ?? 0, 0, m.TtftMs, m.TokensPerSecond, 1000,
            new Dictionary<string, int>(), null, 100, 25, ["bash"], null)
        : null;
}
