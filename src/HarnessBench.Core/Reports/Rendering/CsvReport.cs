using System.Globalization;
using System.Text;

namespace HarnessBench.Core.Reports.Rendering;

/// <summary>
/// cells.csv: one row per cell, flat columns, RFC 4180 (CRLF line ends, fields quoted when they hold a
/// comma, quote or line break). Empty fields where the data is not in the result line. Rows ordered by
/// model, harness, task, repeat, run (ordinal), so files diff cleanly.
/// </summary>
public static class CsvReport
{
    public static IReadOnlyList<string> Columns { get; } =
    [
        "model", "quant", "params", "harness", "task", "language", "difficulty", "repeat", "verdict", "error_kind",
        "prepare_ms", "agent_ms", "grade_ms", "total_ms", "prompt_tokens", "completion_tokens", "reasoning_tokens",
        "ttft_ms", "tokens_per_second", "end_to_end_tokens_per_second", "tokens_source", "cost_usd", "checks_passed", "checks_declared", "fail_reason", "audit_severity", "run", "cell_id",
    ];

    public static string Render(IReadOnlyList<ReportCell> cells)
    {
        var sb = new StringBuilder(cells.Count * 160 + 256);
        sb.AppendJoin(',', Columns).Append("\r\n");
        var ordered = cells.ToArray();
        Array.Sort(ordered, Compare);
        foreach (var c in ordered)
        {
            var m = c.Metering;
            Field(sb, c.Model);
            Field(sb, c.Quant);
            Field(sb, c.Params);
            Field(sb, c.Harness);
            Field(sb, c.Task);
            Field(sb, c.Language);
            Field(sb, c.Difficulty);
            Field(sb, c.Repeat);
            Field(sb, c.Verdict.ToString().ToLowerInvariant());
            Field(sb, c.ErrorKind is { } k ? ReportLayout.Kebab(k) : null);
            Field(sb, c.Timings.PrepareMs);
            Field(sb, c.Timings.AgentMs);
            Field(sb, c.Timings.GradeMs);
            Field(sb, c.Timings.TotalMs);
            Field(sb, m?.PromptTokens);
            Field(sb, m?.CompletionTokens);
            Field(sb, m?.ReasoningTokens);
            Field(sb, m?.TtftMs);
            Field(sb, m?.TokensPerSecond);
            Field(sb, m?.EndToEndTokensPerSecond);
            Field(sb, m?.TokensSource);
            Field(sb, c.CostUsd);
            Field(sb, c.Checks?.Passed);
            Field(sb, c.Checks?.Declared);
            Field(sb, c.FailReason);
            Field(sb, c.Audit?.Label);
            Field(sb, c.Run);
            Field(sb, c.CellId, last: true);
        }

        return sb.ToString();
    }

    private static int Compare(ReportCell a, ReportCell b)
    {
        var r = string.CompareOrdinal(a.Model, b.Model);
        if (r == 0) r = string.CompareOrdinal(a.Harness, b.Harness);
        if (r == 0) r = string.CompareOrdinal(a.Task, b.Task);
        if (r == 0) r = a.Repeat.CompareTo(b.Repeat);
        if (r == 0) r = string.CompareOrdinal(a.Run, b.Run);
        return r;
    }

    private static void Field(StringBuilder sb, long? value, bool last = false) =>
        End(value is { } v ? sb.Append(v) : sb, last);

    private static void Field(StringBuilder sb, double? value, bool last = false) =>
        End(value is { } v ? sb.Append(v.ToString("0.######", CultureInfo.InvariantCulture)) : sb, last);

    private static void Field(StringBuilder sb, string? value, bool last = false)
    {
        if (value is not null)
        {
            if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                sb.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                sb.Append(value);
            }
        }

        End(sb, last);
    }

    private static void End(StringBuilder sb, bool last) => sb.Append(last ? "\r\n" : ",");
}
