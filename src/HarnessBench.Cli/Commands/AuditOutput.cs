using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using HarnessBench.Core.Audit;
using HarnessBench.Core.Reports;
using CellAudit = HarnessBench.Core.Audit.CellAudit;
using HarnessBench.Core.Reports.Rendering;

namespace HarnessBench.Cli.Commands;

/// <summary>What `hbench audit` prints: the per-harness (and per-model) table, then the flagged cells.</summary>
internal static class AuditOutput
{
    private const int MaxListed = 40;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public static IReadOnlyList<AuditTableRow> Table(RunRescanResult rescan, Func<RescannedCell, string> group) =>
        AuditTable.Build(rescan.Cells.Select(c => new AuditTableInput(group(c), c.Result.Verdict, Rank(c.Audit))));

    /// <summary>Rank for the table; an incomplete audit with nothing at READ or above is "unaudited" (so are old lines stored as clean plus an error).</summary>
    public static int? Rank(CellAudit audit) =>
        audit.Severity == AuditSeverity.Unaudited || (audit.Error is not null && audit.Severity < AuditSeverity.Read) ? null : (int)audit.Severity;

    public static string Text(RunRescanResult rescan, bool byModel)
    {
        var sb = new StringBuilder();
        var changed = rescan.Cells.Count(c => c.Stored is not null && c.Stored.Severity != c.Audit.Severity);
        var legacy = rescan.Cells.Count(c => c.Audit.Decoys == Core.Audit.Decoys.DecoyLayout.LegacyName);
        sb.Append(CultureInfo.InvariantCulture, $"audit of {rescan.RunDirectory}: {rescan.Cells.Count} cells, rules v{Core.Audit.Scanning.TrajectoryScanner.RulesVersion}, re-scanned from stored files");
        sb.Append(CultureInfo.InvariantCulture, $"; labels that differ from the stored audit: {changed}\n");
        if (legacy > 0)
            sb.Append(CultureInfo.InvariantCulture, $"WARNING: {legacy} cells ran with sandbox.layout: legacy (the real grader was visible): NOT a fair evaluation\n");
        sb.Append('\n');
        AppendTable(sb, "harness", Table(rescan, c => c.Result.Harness));
        if (byModel)
        {
            sb.Append('\n');
            AppendTable(sb, "model", Table(rescan, c => c.Result.Model));
        }
        sb.Append("\nclean = below read (mention and probe are reported, not excluded); clean-cond = clean passes / clean cells; ")
            .Append("conservative = clean passes / all cells; rates over audited graded cells with Wilson 95% intervals\n");
        var flagged = rescan.Cells.Where(c => c.Audit.Severity >= AuditSeverity.Read).OrderByDescending(c => c.Audit.Severity)
            .ThenBy(c => c.Result.CellId, StringComparer.Ordinal).ToList();
        if (flagged.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\ncells labelled read or worse ({flagged.Count}):\n");
            foreach (var c in flagged.Take(MaxListed))
            {
                var first = c.Audit.Findings.Where(f => f.Severity == c.Audit.Severity).Select(Describe).FirstOrDefault() ?? "";
                var before = c.Audit.ReadBeforeFinalAnswer is true ? ", before its final answer" : "";
                sb.Append(CultureInfo.InvariantCulture, $"  {c.Result.CellId}  {Label(c.Audit.Severity)}  {c.Result.Verdict.ToString().ToLowerInvariant()}{before}  {first}\n");
            }
            if (flagged.Count > MaxListed) sb.Append(CultureInfo.InvariantCulture, $"  ... and {flagged.Count - MaxListed} more (--json lists all)\n");
        }
        var errors = rescan.Cells.Where(c => c.Audit.Error is not null).ToList();
        if (errors.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\nincomplete audits ({errors.Count}):\n");
            foreach (var c in errors.Take(MaxListed)) sb.Append(CultureInfo.InvariantCulture, $"  {c.Result.CellId}  {c.Audit.Error}\n");
        }
        return sb.ToString();
    }

    public static string Json(RunRescanResult rescan, bool byModel)
    {
        var document = new
        {
            Run = rescan.RunDirectory,
            RulesVersion = Core.Audit.Scanning.TrajectoryScanner.RulesVersion,
            Labels = AuditSeverities.Ordered,
            ByHarness = Table(rescan, c => c.Result.Harness).Select(JsonRow),
            ByModel = byModel ? Table(rescan, c => c.Result.Model).Select(JsonRow) : null,
            Cells = rescan.Cells.Select(c => new
            {
                c.Result.CellId,
                c.Result.Model,
                c.Result.Harness,
                c.Result.Task,
                c.Result.Repeat,
                c.Result.Verdict,
                StoredSeverity = c.Stored?.Severity,
                c.Audit,
            }),
            rescan.Warnings,
        };
        return JsonSerializer.Serialize(document, JsonOptions);
    }

    private static object JsonRow(AuditTableRow r) => new
    {
        r.Group,
        r.Cells,
        r.Passes,
        ByLabel = AuditSeverities.Ordered.Zip(r.ByLabel).ToDictionary(p => p.First, p => p.Second),
        r.FlaggedPasses,
        PassRate = JsonRate(r.Raw),
        CleanConditional = JsonRate(r.CleanConditional),
        Conservative = JsonRate(r.Conservative),
        r.Unaudited,
        r.Errors,
    };

    private static object JsonRate(Rate rate) => new { rate.Successes, rate.Trials, rate.Value, rate.Low, rate.High };

    private static void AppendTable(StringBuilder sb, string groupName, IReadOnlyList<AuditTableRow> rows)
    {
        List<string> headers = [groupName, "cells", "passes", .. AuditSeverities.Ordered, "flagged passes", "pass rate", "clean-cond", "conservative", "unaudited", "errors"];
        var table = rows.Select(r => (List<string>)[r.Group, Fmt.Count(r.Cells), Fmt.Count(r.Passes), .. r.ByLabel.Select(n => Fmt.Count(n)),
            Fmt.Count(r.FlaggedPasses), Fmt.RateWithInterval(r.Raw), Fmt.RateWithInterval(r.CleanConditional), Fmt.RateWithInterval(r.Conservative),
            Fmt.Count(r.Unaudited), Fmt.Count(r.Errors)]).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, table.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToList();
        void Line(IReadOnlyList<string> cells)
        {
            for (var i = 0; i < cells.Count; i++)
            {
                if (i > 0) sb.Append("  ");
                sb.Append(i == 0 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i]));
            }
            sb.Append('\n');
        }
        Line(headers);
        foreach (var row in table) Line(row);
    }

    private static string Label(AuditSeverity severity) => severity.ToString().ToUpperInvariant();

    private static string Describe(AuditFinding f)
    {
        var where = f.EventIndex is { } i ? $"{f.Source} #{i}" : f.Source;
        var snippet = f.Snippet.ReplaceLineEndings(" ");
        return $"{f.Detector} ({where}): {(snippet.Length > 100 ? snippet[..100] + "..." : snippet)}";
    }
}
