using System.Text;
using HarnessBench.Core.Reports.Rendering;

namespace HarnessBench.Cli.Viewer;

/// <summary>
/// runs/&lt;run&gt;/cells/&lt;id&gt;.html: one cell. First the verdict and why (fail reason, checks, the
/// driver's evidence, grader output), the audit findings, the task prompt, then the trajectory as a
/// conversation with the findings on the events they point at, metering per model request, the
/// workspace against the seed, the remaining facts and the raw logs. All agent and model text is
/// escaped (see <see cref="Html"/>).
/// </summary>
internal static partial class CellPage
{
    public static string Render(CellDetail d, PageContext page)
    {
        var c = d.Cell;
        var run = d.Run.Entry;
        var sb = PageShell.Begin(page, c.CellId, (run.Name, "../index.html"), (c.CellId, null));
        sb.Append("<h1>").Esc(c.CellId).Append("</h1>\n");
        Summary(sb, d);
        Verdict(sb, d);
        Audit(sb, d);
        Task(sb, d);
        Trajectory(sb, d);
        Metering(sb, d);
        Workspace(sb, d, page);
        Details(sb, d);
        Raw(sb, d, page);
        return PageShell.End(sb, page);
    }

    /// <summary>The link to a raw file of this cell, relative to the cell page.</summary>
    public static string RawHref(string cellId, string relativePath, PageContext page) =>
        $"{Html.Seg(cellId)}/raw/{Html.Path(page.Export ? RawFiles.ExportName(relativePath) : relativePath)}";

    private static void Summary(StringBuilder sb, CellDetail d)
    {
        var c = d.Cell;
        var line = d.Line;
        sb.Append("<div class=\"card\" id=\"summary\"><div class=\"facts\" style=\"align-items:center\">")
            .Verdict(Labels.Verdict(c), Labels.Error(c), big: true).Append(' ').AuditBadge(Labels.Audit(c), big: true);
        if (c.Checks is { } k) sb.Append("<span><strong>checks</strong> ").Append(k.Passed).Append('/').Append(k.Declared > 0 ? k.Declared : k.Total).Append("</span>");
        sb.Append("<span><strong>agent</strong> ").Esc(Fmt.Ms(c.Timings.AgentMs)).Append("</span>");
        if (c.TotalTokens is { } tokens) sb.Append("<span><strong>tokens</strong> ").Esc(Fmt.Tokens(tokens)).Append("</span>");
        sb.Append("</div>\n");
        var why = c.FailReason ?? Json.Str(line, "error_message");
        if (why is not null) sb.Append("<pre id=\"why\">").Esc(Html.Display(why)).Append("</pre>\n");
        sb.Append("<ul class=\"facts\">");
        Fact(sb, "model", c.Model);
        Fact(sb, "harness", c.Harness + (c.HarnessVersion is { } v ? " " + v : ""));
        sb.Append("<li><strong>task:</strong> ").Link("../index.html" + new CellFilter(null, null, c.Task, null, null, null, null).ToQuery() + "#cells-section", c.Task)
            .Append(c.Language is null ? "" : $" ({c.Language}, {c.Difficulty})").Append("</li>");
        Fact(sb, "repeat", c.Repeat.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Fact(sb, "started", Fmt.Time(c.StartedAt));
        sb.Append("</ul>\n<nav class=\"toc\"><a href=\"#verdict\">Verdict</a><a href=\"#audit\">Audit (").Append(d.Findings.Count).Append(")</a><a href=\"#task\">Task</a>")
            .Append("<a href=\"#trajectory\">Trajectory (").Append(d.Trajectory?.Events.Count ?? 0).Append(")</a><a href=\"#metering\">Metering</a>")
            .Append("<a href=\"#workspace\">Workspace (").Append(d.Workspace.Files.Count).Append(")</a><a href=\"#details\">Details</a><a href=\"#raw\">Raw logs (")
            .Append(d.Raw.Count).Append(")</a></nav>\n<div class=\"pager\">");
        if (d.Previous is { } p) sb.Append("<a").Href(Html.Seg(p.CellId) + ".html").Append(" rel=\"prev\">← ").Esc(p.CellId).Append("</a>");
        if (d.Next is { } n) sb.Append("<a").Href(Html.Seg(n.CellId) + ".html").Append(" rel=\"next\">").Esc(n.CellId).Append(" →</a>");
        sb.Append("</div></div>\n");
    }

    private static void Verdict(StringBuilder sb, CellDetail d)
    {
        var line = d.Line;
        sb.Append("<h2 id=\"verdict\">Verdict</h2>\n<ul class=\"facts\">");
        Fact(sb, "verdict", Labels.Verdict(d.Cell) + (Labels.Error(d.Cell) is { } e ? $" ({e})" : ""));
        Fact(sb, "agent exit code", Json.Long(line, "agent_exit_code")?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none");
        if (Json.Bool(line, "agent_oom_killed") == true) Fact(sb, "agent", "OOM-killed");
        if (Json.Str(line, "agent_limit") is { } limit) Fact(sb, "agent hit the sandbox limit", limit);
        Fact(sb, "grader exit code", Json.Long(line, "grader_exit_code")?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none");
        sb.Append("</ul>\n");
        if (Json.At(line, "checks") is { } checks)
        {
            sb.Append("<p><strong>checks</strong> (the result line's <code>checks</code>): ").Append(Json.Long(checks, "passed") ?? 0).Append(" passed of ")
                .Append(Json.Long(checks, "total") ?? 0).Append(" recorded; the task declares ").Append(Json.Long(checks, "declared") ?? 0)
                .Append("; the driver ").Append(Json.Bool(checks, "finished") == true ? "finished" : "<strong>did not finish</strong>").Append(".</p>\n");
            // The evidence table below shows every check; the line's short list only when there is no evidence file.
            var failed = d.Evidence is null ? Json.Strings(checks, "failed") : [];
            if (failed.Count > 0)
            {
                sb.Append("<ul>");
                foreach (var f in failed) sb.Append("<li class=\"mono\">").Esc(Html.Display(f)).Append("</li>");
                sb.Append("</ul>\n");
            }
        }

        Evidence(sb, d);
        var failing = d.Cell.Verdict != Core.Results.Verdict.Pass && d.Evidence is null;
        Tail(sb, "grader stdout (tail)", Json.Str(line, "grader_stdout_tail"), failing);
        Tail(sb, "grader stderr (tail)", Json.Str(line, "grader_stderr_tail"), failing);
    }

    private static void Evidence(StringBuilder sb, CellDetail d)
    {
        sb.Append("<h3>The grader driver's evidence (<code>evidence/evidence.jsonl</code>)</h3>\n");
        if (d.Evidence is not { } evidence)
        {
            sb.Append("<p class=\"muted\">No evidence file in the cell folder (the grader did not run, or the run predates evidence).</p>\n");
            return;
        }

        var checks = evidence.Count(e => e.Event == "check");
        var passed = evidence.Count(e => e.Event == "check" && e.Passed == true);
        sb.Append("<p class=\"muted\">").Append(checks).Append(" check(s) recorded, ").Append(passed).Append(" passed.</p>\n")
            .Append("<div class=\"scroll\"><table id=\"evidence\"><thead><tr><th class=\"n\">#</th><th>event</th><th>check</th><th>result</th><th>detail</th></tr></thead><tbody>\n");
        var number = 0;
        foreach (var e in evidence)
        {
            number++;
            var failedCheck = e.Event == "check" && e.Passed != true;
            sb.Append(failedCheck ? "<tr class=\"check-fail\">" : "<tr>").Append("<td class=\"n\">").Append(number).Append("</td><td>").Esc(e.Event).Append("</td><td>").Esc(e.Name).Append("</td><td>");
            if (e.Event == "check") sb.Append(e.Passed == true ? "<span class=\"b b-pass\">PASS</span>" : "<span class=\"b b-fail\">FAIL</span>");
            sb.Append("</td><td class=\"reason mono\">").Esc(Html.Display(e.Detail));
            if (e.Fields.Count > 0) sb.Esc((e.Detail is null ? "" : " · ") + string.Join(" · ", e.Fields));
            sb.Append("</td></tr>\n");
        }

        sb.Append("</tbody></table></div>\n");
    }

    private static void Audit(StringBuilder sb, CellDetail d)
    {
        var audit = Json.At(d.Line, "audit");
        sb.Append("<h2 id=\"audit\">Audit</h2>\n");
        if (audit is null)
        {
            sb.Append("<p class=\"muted\">No audit in the result line (the agent never ran, or the run predates the audit).</p>\n");
            return;
        }

        sb.Append("<ul class=\"facts\"><li>").AuditBadge(Labels.Audit(d.Cell)).Append("</li>");
        Fact(sb, "decoys", Json.Str(audit, "decoys") ?? "–");
        Fact(sb, "rules version", Json.Long(audit, "rules_version")?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "–");
        if (Json.Bool(audit, "read_before_final_answer") is { } before) Fact(sb, "grader reached before the final answer", before ? "yes" : "no");
        var paths = Json.Strings(audit, "grader_paths");
        if (paths.Count > 0) Fact(sb, "grader-like paths the agent could see", string.Join(", ", paths));
        if (Json.Str(audit, "error") is { } error) Fact(sb, "audit incomplete", error);
        if (Json.Bool(audit, "findings_truncated") == true) Fact(sb, "findings", "truncated by the auditor");
        sb.Append("</ul>\n");
        if (d.Findings.Count == 0)
        {
            sb.Append("<p class=\"muted\">No findings.</p>\n");
            return;
        }

        sb.Append("<div class=\"scroll\"><table id=\"findings\"><thead><tr><th>label</th><th>detector</th><th>source</th><th>event</th><th>evidence</th></tr></thead><tbody>\n");
        foreach (var f in d.Findings)
        {
            sb.Append("<tr><td>").AuditBadge(f.Severity).Append("</td><td>").Esc(f.Detector).Append("</td><td>").Esc(f.Source).Append("</td><td class=\"nw\">");
            if (f.EventIndex is { } i) sb.Append("<a href=\"#ev-").Append(i).Append("\">event ").Append(i).Append("</a>");
            sb.Append("</td><td class=\"reason mono\">").Esc(Html.Display(f.Snippet)).Append("</td></tr>\n");
        }

        sb.Append("</tbody></table></div>\n");
    }

    private static void Task(StringBuilder sb, CellDetail d)
    {
        sb.Append("<h2 id=\"task\">Task <code>").Esc(d.Cell.Task).Append("</code></h2>\n");
        if (d.Prompt is null)
        {
            sb.Append("<p class=\"muted\">The task's prompt was not found (no tasks/").Esc(d.Cell.Task).Append(" and no harness/prompt.txt in the cell folder).</p>\n");
            return;
        }

        sb.Append("<p class=\"muted\">The prompt, from ").Esc(d.PromptSource).Append(".</p>\n<pre id=\"prompt\">").Esc(Html.Display(d.Prompt)).Append("</pre>\n");
    }

    private static void Tail(StringBuilder sb, string title, string? text, bool open)
    {
        if (string.IsNullOrEmpty(text)) return;
        sb.Append(open ? "<details open>" : "<details>").Append("<summary>").Esc(title).Append(" · ").Append(text.Split('\n').Length).Append(" lines</summary><pre>")
            .Esc(Html.Display(text)).Append("</pre></details>\n");
    }

    private static void Fact(StringBuilder sb, string name, string? value) =>
        sb.Append("<li><strong>").Esc(name).Append(":</strong> ").Esc(value).Append("</li>");
}
