using System.Text;
using System.Text.Json;
using HarnessBench.Core.Reports;
using HarnessBench.Core.Results;

namespace HarnessBench.Cli.Viewer;

/// <summary>
/// The run page's filters, read from and written to the query string so that a filtered view is a
/// link to share: model, harness, task, verdict, error (kind), audit (label, "flagged" = read or
/// worse, "unaudited") and q (free text over the cell id, names, fail reason and audit findings).
/// </summary>
internal sealed record CellFilter(string? Model, string? Harness, string? Task, string? Verdict, string? Error, string? Audit, string? Text, int Page = 1)
{
    public static readonly string[] Keys = ["model", "harness", "task", "verdict", "error", "audit", "q"];

    public static CellFilter None { get; } = new(null, null, null, null, null, null, null);

    public bool IsEmpty => Model is null && Harness is null && Task is null && Verdict is null && Error is null && Audit is null && Text is null;

    public static CellFilter Parse(Func<string, string?> query)
    {
        static string? Clean(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();
        var page = int.TryParse(query("page"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        return new CellFilter(Clean(query("model")), Clean(query("harness")), Clean(query("task")), Clean(query("verdict")),
            Clean(query("error")), Clean(query("audit")), Clean(query("q")), page);
    }

    public bool Matches(ReportCell c) =>
        (Model is null || c.Model == Model)
        && (Harness is null || c.Harness == Harness)
        && (Task is null || c.Task == Task)
        && (Verdict is null || Labels.Verdict(c) == Verdict)
        && (Error is null || Labels.Error(c) == Error)
        && (Audit is null || MatchesAudit(c))
        && (Text is null || MatchesText(c));

    /// <summary>"?model=a&amp;harness=b" (empty when nothing is set); the page number only when asked.</summary>
    public string ToQuery(int? page = null)
    {
        var sb = new StringBuilder();
        void Add(string key, string? value)
        {
            if (value is null) return;
            sb.Append(sb.Length == 0 ? '?' : '&').Append(key).Append('=').Append(Uri.EscapeDataString(value));
        }

        Add("model", Model);
        Add("harness", Harness);
        Add("task", Task);
        Add("verdict", Verdict);
        Add("error", Error);
        Add("audit", Audit);
        Add("q", Text);
        if (page is > 1) Add("page", page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    private bool MatchesAudit(ReportCell c) => Audit switch
    {
        "flagged" => AuditSeverities.TableRank(c.Audit) >= AuditSeverities.FlagRank,
        _ => Labels.Audit(c) == Audit,
    };

    private bool MatchesText(ReportCell c)
    {
        bool Has(string? s) => s is not null && s.Contains(Text!, StringComparison.OrdinalIgnoreCase);
        return Has(c.CellId) || Has(c.Model) || Has(c.Harness) || Has(c.Task) || Has(Labels.Verdict(c)) || Has(Labels.Error(c))
            || Has(c.FailReason) || Has(Labels.Audit(c)) || (c.Audit?.Findings?.Any(Has) ?? false);
    }
}

/// <summary>The stored spellings the viewer shows and filters on.</summary>
internal static class Labels
{
    public static string Verdict(ReportCell c) => Verdict(c.Verdict);

    public static string Verdict(Verdict v) => v switch
    {
        Core.Results.Verdict.Pass => "pass",
        Core.Results.Verdict.Fail => "fail",
        _ => "error",
    };

    public static string? Error(ReportCell c) => c.ErrorKind is { } k ? Kind(k) : null;

    public static string Kind(ErrorKind kind) => JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());

    /// <summary>The audit label reports count: clean ... tamper, or "unaudited" (no audit, or an incomplete one that found nothing flagged).</summary>
    public static string Audit(ReportCell c) => AuditSeverities.TableRank(c.Audit) is { } rank ? AuditSeverities.Ordered[rank] : "unaudited";
}
