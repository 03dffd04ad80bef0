using System.Globalization;
using System.Text;
using System.Text.Json;
using HarnessBench.Core.Reports.Rendering;

namespace HarnessBench.Cli.Viewer;

/// <summary>Metering, workspace, details and raw logs of a cell page.</summary>
internal static partial class CellPage
{
    private static void Metering(StringBuilder sb, CellDetail d)
    {
        sb.Append("<h2 id=\"metering\">Metering</h2>\n");
        if (Json.At(d.Line, "metering") is { ValueKind: JsonValueKind.Object } metering)
        {
            // Every field the gateway stored, also ones added after this page was written.
            sb.Append("<ul class=\"facts\">");
            foreach (var field in metering.EnumerateObject())
            {
                if (field.Name is "tool_names" or "transcript") continue;
                Fact(sb, Label(field.Name), Value(field.Name, field.Value));
            }

            sb.Append("</ul>\n");
            var tools = Json.Strings(metering, "tool_names");
            if (tools.Count > 0) sb.Append("<details><summary>").Append(tools.Count).Append(" tools offered by the harness</summary><div class=\"text mono\">").Esc(string.Join(", ", tools)).Append("</div></details>\n");
        }
        else
        {
            sb.Append("<p class=\"muted\">No metering in the result line (built-in harnesses call no model).</p>\n");
        }

        if (d.Requests is not { } transcript)
        {
            sb.Append("<p class=\"muted\">No gateway transcript in the cell folder.</p>\n");
            return;
        }

        var (requests, problem) = transcript;
        sb.Append("<h3>Per model request (<code>gateway.transcript.jsonl.gz</code>)</h3>\n<p class=\"muted\">Tokens as each response's <code>usage</code> reported them; ")
            .Append("the transcript keeps each request's duration but not chunk arrival times, so time to first token exists only as the cell's mean above.</p>\n");
        if (problem is not null) sb.Append("<div class=\"finding\">").Esc(problem).Append("</div>\n");
        var first = requests.FirstOrDefault(r => r.At is not null)?.At;
        sb.Append("<div class=\"scroll\"><table id=\"requests\"><thead><tr><th class=\"n\">#</th><th class=\"n\">at</th><th>protocol</th><th class=\"n\">status</th><th>stream</th>")
            .Append("<th class=\"n\">messages</th><th class=\"n\">prompt tokens</th><th class=\"n\">completion tokens</th><th class=\"n\">cached</th><th class=\"n\">duration</th><th>stop</th><th>error</th></tr></thead><tbody>\n");
        foreach (var r in requests)
        {
            sb.Append(r.Status is >= 400 || r.Error is not null ? "<tr class=\"check-fail\">" : "<tr>").Append("<td class=\"n\">").Append(r.Seq).Append("</td><td class=\"n\">")
                .Append(r.At is { } at && first is { } t0 ? "+" + (at - t0).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "")
                .Append("</td><td>").Esc(r.Protocol).Append("</td><td class=\"n\">").Append(r.Status?.ToString(CultureInfo.InvariantCulture) ?? "–").Append("</td><td>")
                .Append(r.Stream ? "yes" : "no").Append("</td><td class=\"n\">").Append(r.Messages?.ToString(CultureInfo.InvariantCulture) ?? "").Append("</td><td class=\"n\">")
                .Append(r.PromptTokens is { } p ? Html.Num(p) : "–").Append("</td><td class=\"n\">").Append(r.CompletionTokens is { } c ? Html.Num(c) : "–")
                .Append("</td><td class=\"n\">").Append(r.CachedTokens is { } k ? Html.Num(k) : "").Append("</td><td class=\"n\">").Esc(Fmt.Ms(r.DurationMs))
                .Append("</td><td>").Esc(r.Stop).Append("</td><td class=\"reason\">").Esc(r.Error).Append("</td></tr>\n");
        }

        sb.Append("</tbody></table></div>\n");
    }

    /// <summary>"ttft_ms" → "ttft" (the value says "ms"), "prompt_tokens" → "prompt tokens".</summary>
    private static string Label(string name) => (name.EndsWith("_ms", StringComparison.Ordinal) ? name[..^3] : name).Replace('_', ' ');

    private static string Value(string name, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when name.EndsWith("_ms", StringComparison.Ordinal) => Fmt.Ms(value.GetDouble()),
        JsonValueKind.Number when name.EndsWith("tokens", StringComparison.Ordinal) && value.TryGetInt64(out var n) => Html.Num(n),
        JsonValueKind.Number => value.GetDouble().ToString("0.##", CultureInfo.InvariantCulture),
        JsonValueKind.Object => value.EnumerateObject().Any() ? string.Join(", ", value.EnumerateObject().Select(p => $"{p.Name} {Json.Text(p.Value)}")) : "none",
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Json.Text)),
        JsonValueKind.Null => "–",
        _ => Json.Text(value),
    };

    private static void Workspace(StringBuilder sb, CellDetail d, PageContext page)
    {
        sb.Append("<h2 id=\"workspace\">Workspace</h2>\n");
        var graded = Json.At(d.Line, "graded");
        var surface = Json.Strings(graded, "surface").ToHashSet(StringComparer.Ordinal);
        var ignored = Json.Strings(graded, "ignored").ToHashSet(StringComparer.Ordinal);
        if (graded is not null)
        {
            sb.Append("<p><strong>graded</strong> (what the grader took from the agent): ")
                .Esc(surface.Count == 0 ? "no file" : string.Join(", ", surface.Order(StringComparer.Ordinal))).Append(". ");
            var ignoredCount = Json.Long(graded, "ignored_count") ?? ignored.Count;
            sb.Append("<strong>ignored</strong> changes outside the task's solution surface: ").Append(ignoredCount);
            if (ignored.Count > 0) sb.Append(" (").Esc(string.Join(", ", ignored.Order(StringComparer.Ordinal))).Append(ignoredCount > ignored.Count ? ", …" : "").Append(')');
            var deleted = Json.Strings(graded, "deleted");
            if (deleted.Count > 0) sb.Append(". <strong>deleted</strong> seed files of the surface: ").Esc(string.Join(", ", deleted));
            sb.Append(".</p>\n");
        }

        var w = d.Workspace;
        if (w.Problem is not null)
        {
            sb.Append("<p class=\"muted\">No diff: ").Esc(w.Problem).Append(".</p>\n");
            return;
        }

        sb.Append("<p class=\"muted\">The final workspace against the task's seed: ").Append(w.Files.Count(f => f.Kind == FileChangeKind.Added)).Append(" added, ")
            .Append(w.Files.Count(f => f.Kind == FileChangeKind.Removed)).Append(" removed, ").Append(w.Files.Count(f => f.Kind == FileChangeKind.Changed))
            .Append(" changed, ").Append(w.Unchanged).Append(" unchanged").Append(w.Cut ? " (capped: not every file is listed)" : "").Append(".</p>\n");
        var open = w.Files.Sum(f => f.Lines.Count) <= 300;
        foreach (var f in w.Files)
        {
            var kind = f.Kind switch { FileChangeKind.Added => "added", FileChangeKind.Removed => "removed", _ => "changed" };
            sb.Append(open ? "<details open class=\"file\">" : "<details class=\"file\">").Append("<summary><span class=\"b ")
                .Append(f.Kind switch { FileChangeKind.Added => "b-pass", FileChangeKind.Removed => "b-fail", _ => "b-error" }).Append("\">").Append(kind)
                .Append("</span> <code>").Esc(f.Path).Append("</code>");
            if (surface.Contains(f.Path)) sb.Append("<span class=\"tag\">graded</span>");
            else if (ignored.Contains(f.Path)) sb.Append("<span class=\"tag\">ignored by the grader</span>");
            if (f.Note is not null) sb.Append(" <span class=\"muted\">").Esc(f.Note).Append("</span>");
            sb.Append("</summary>");
            if (f.Lines.Count > 0)
            {
                sb.Append("<pre class=\"diff\">");
                foreach (var line in f.Lines)
                {
                    sb.Append(line.Kind switch { '+' => "<span class=\"add\">+", '-' => "<span class=\"del\">-", '@' => "<span class=\"hunk\">", _ => "<span> " })
                        .Esc(Html.Display(line.Text)).Append("</span>");
                }

                sb.Append("</pre>");
            }

            if (f.Cut && f.Lines.Count > 0) sb.Append("<p class=\"muted\">diff cut; the file is in the cell folder's workspace/</p>");
            sb.Append("</details>\n");
        }
    }

    private static void Details(StringBuilder sb, CellDetail d)
    {
        var line = d.Line;
        sb.Append("<h2 id=\"details\">Details</h2>\n<div class=\"row\" style=\"display:flex;flex-wrap:wrap;gap:8px 32px\"><div><h3>Timings</h3><table id=\"timings\"><tbody>");
        if (Json.At(line, "timings") is { ValueKind: JsonValueKind.Object } timings)
        {
            foreach (var t in timings.EnumerateObject())
            {
                sb.Append("<tr><th>").Esc(Label(t.Name)).Append("</th><td class=\"n\">").Esc(Value(t.Name, t.Value)).Append("</td></tr>");
            }
        }

        sb.Append("<tr><th>started</th><td>").Esc(Fmt.Time(d.Cell.StartedAt)).Append("</td></tr><tr><th>finished</th><td>").Esc(Fmt.Time(d.Cell.FinishedAt)).Append("</td></tr></tbody></table></div>")
            .Append("<div><h3>Provenance</h3><table id=\"provenance\"><tbody>");
        Row(sb, "harness version", Json.Str(line, "harness_version") ?? "built-in");
        Row(sb, "agent image", Image(line, "agent"));
        Row(sb, "grader image", Image(line, "grader"));
        Row(sb, "run id", Json.Str(line, "run_id"));
        Row(sb, "session", Json.Str(line, "session_id"));
        Row(sb, "definition hash", Json.Str(line, "definition_hash"));
        Row(sb, "cell folder", d.Directory);
        sb.Append("</tbody></table></div></div>\n");
    }

    private static string Image(JsonElement? line, string which) =>
        Json.Str(line, "images", which, "reference") is { } reference ? $"{reference} ({Json.Str(line, "images", which, "id") ?? "no id"})" : "–";

    private static void Row(StringBuilder sb, string name, string? value) =>
        sb.Append("<tr><th>").Esc(name).Append("</th><td class=\"mono\">").Esc(value ?? "–").Append("</td></tr>");

    private static void Raw(StringBuilder sb, CellDetail d, PageContext page)
    {
        sb.Append("<h2 id=\"raw\">Raw logs</h2>\n");
        if (d.Raw.Count == 0)
        {
            sb.Append("<p class=\"muted\">The cell folder has no logs.</p>\n");
            return;
        }

        sb.Append("<p class=\"muted\">Served as plain text from the cell folder only").Append(page.Export ? " (copied into the export)" : "")
            .Append("; the transcript is shown decompressed.</p>\n<ul id=\"raw-files\" class=\"mono\">");
        foreach (var f in d.Raw)
        {
            sb.Append("<li>").Link(RawHref(d.Cell.CellId, f.RelativePath, page), f.RelativePath).Append(" <span class=\"muted\">").Esc(Html.Bytes(f.Length)).Append("</span></li>");
        }

        sb.Append("</ul>\n");
    }
}
