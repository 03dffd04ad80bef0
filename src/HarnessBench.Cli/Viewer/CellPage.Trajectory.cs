using System.Globalization;
using System.Text;
using System.Text.Json;
using HarnessBench.Core.Trajectories;

namespace HarnessBench.Cli.Viewer;

/// <summary>The trajectory as a conversation: one card per event, long text folded, audit findings on their events.</summary>
internal static partial class CellPage
{
    /// <summary>Text longer than this (characters or lines) is folded behind its first line.</summary>
    private const int FoldChars = 1500;
    private const int FoldLines = 24;

    private static void Trajectory(StringBuilder sb, CellDetail d)
    {
        sb.Append("<h2 id=\"trajectory\">Trajectory</h2>\n");
        if (d.Trajectory is not { } trajectory)
        {
            sb.Append("<p class=\"muted\">No trajectory.jsonl in the cell folder (built-in harnesses have none; a harness whose log could not be parsed leaves its raw log).</p>\n");
            return;
        }

        var events = trajectory.Events;
        var byEvent = d.Findings.Where(f => f.EventIndex is not null).GroupBy(f => f.EventIndex!.Value).ToDictionary(g => g.Key, g => g.ToList());
        sb.Append("<p class=\"muted\">").Append(events.Count).Append(" events: ")
            .Append(events.Count(e => e.Kind == TrajectoryEventKind.Message && e.Actor == TrajectoryActor.Model)).Append(" model messages, ")
            .Append(events.Count(e => e.Kind == TrajectoryEventKind.Reasoning)).Append(" reasoning, ")
            .Append(events.Count(e => e.Kind == TrajectoryEventKind.ToolCall)).Append(" tool calls, ")
            .Append(events.Count(e => e.Kind == TrajectoryEventKind.ToolResult)).Append(" tool results, ")
            .Append(events.Count(e => e.Kind == TrajectoryEventKind.Error)).Append(" errors")
            .Append(byEvent.Count > 0 ? $"; {byEvent.Count} event(s) carry audit findings (outlined in red)" : "")
            .Append(". Text longer than ").Append(FoldChars).Append(" characters or ").Append(FoldLines).Append(" lines is folded.</p>\n");
        foreach (var problem in trajectory.Problems) sb.Append("<div class=\"finding\">unreadable trajectory ").Esc(problem).Append("</div>\n");
        if (trajectory.Truncated) sb.Append("<div class=\"finding\">only the first ").Append(CellFiles.MaxEvents).Append(" events are shown; the raw trajectory.jsonl has them all</div>\n");
        var start = events.FirstOrDefault(e => e.Timestamp is not null)?.Timestamp;
        for (var i = 0; i < events.Count; i++)
        {
            var step = events[i].Step;
            Event(sb, events[i], start, byEvent.GetValueOrDefault(step));
        }
    }

    private static void Event(StringBuilder sb, TrajectoryEvent e, DateTimeOffset? start, List<Finding>? findings)
    {
        var (cls, who) = (e.Kind, e.Actor) switch
        {
            (TrajectoryEventKind.Message, TrajectoryActor.Model) => ("model", "model"),
            (TrajectoryEventKind.Message, _) => ("", e.Actor == TrajectoryActor.Harness ? "harness / prompt" : "tool"),
            (TrajectoryEventKind.Reasoning, _) => ("reasoning", "reasoning"),
            (TrajectoryEventKind.ToolCall, _) => ("call", "tool call"),
            (TrajectoryEventKind.ToolResult, _) => (e.IsError == true ? "result is-error" : "result", e.IsError == true ? "tool result (error)" : "tool result"),
            (TrajectoryEventKind.Error, _) => ("error", "error"),
            (TrajectoryEventKind.SessionStart, _) => ("meta", "session start"),
            (TrajectoryEventKind.SessionEnd, _) => ("meta", "session end"),
            _ => ("meta", "usage"),
        };
        var flagged = findings is { Count: > 0 };
        var worst = findings?.Max(f => Core.Reports.AuditSeverities.Rank(f.Severity)) ?? 0;
        sb.Append("<div class=\"ev ").Append(cls).Append(flagged ? worst >= Core.Reports.AuditSeverities.FlagRank ? " flag" : worst == 2 ? " flag probe" : " flag low" : "").Append("\" id=\"ev-").Append(e.Step).Append("\"><div class=\"head\">")
            .Append("<a class=\"step\" href=\"#ev-").Append(e.Step).Append("\">#").Append(e.Step).Append("</a><span class=\"who\">").Append(who).Append("</span>");
        if (e.ToolName is not null) sb.Append("<code>").Esc(e.ToolName).Append("</code>");
        if (e.ToolCallId is not null) sb.Append("<span class=\"mono\">").Esc(e.ToolCallId).Append("</span>");
        if (e.Timestamp is { } at && start is { } t0) sb.Append("<span>+").Append(((at - t0).TotalSeconds).ToString("0.0", CultureInfo.InvariantCulture)).Append(" s</span>");
        if (e.SessionId is not null && e.ParentId is not null) sb.Append("<span>subagent of ").Esc(e.ParentId).Append("</span>");
        if (e.TextTruncated == true) sb.Append("<span>cut to the parser's cap (").Esc(Html.Bytes(e.TextBytes ?? 0)).Append(" logged)</span>");
        sb.Append("</div>");
        foreach (var f in findings ?? [])
        {
            sb.Append("<div class=\"finding").Append(f.Severity is "mention" or "clean" ? " low" : "").Append("\">audit ").AuditBadge(f.Severity).Append(' ')
                .Esc(f.Detector).Append(" (").Esc(f.Source).Append("): ").Esc(Html.Display(f.Snippet)).Append("</div>");
        }

        switch (e.Kind)
        {
            case TrajectoryEventKind.ToolCall:
                Arguments(sb, e, flagged);
                break;
            case TrajectoryEventKind.SessionStart:
                Meta(sb, $"cwd {e.Text ?? "?"}", e.Model is null ? null : $"model {e.Model}", e.Version is null ? null : $"version {e.Version}");
                if (e.Tools is { Count: > 0 } tools) sb.Append("<details><summary>").Append(tools.Count).Append(" tools offered</summary><div class=\"text mono\">").Esc(string.Join(", ", tools)).Append("</div></details>");
                break;
            case TrajectoryEventKind.Usage or TrajectoryEventKind.SessionEnd:
                Meta(sb, Tokens(e.Tokens), e.DurationMs is { } ms ? $"{ms} ms" : null, e.CostUsd is { } cost ? $"${cost.ToString("0.####", CultureInfo.InvariantCulture)} (harness's figure)" : null);
                if (!string.IsNullOrEmpty(e.Text)) Text(sb, e.Text, flagged);
                break;
            default:
                Text(sb, e.Text, flagged || e.Kind == TrajectoryEventKind.Error || (e.Kind == TrajectoryEventKind.Message && e.Actor == TrajectoryActor.Model));
                break;
        }

        sb.Append("</div>\n");
    }

    /// <summary>A shell command as a command line; any other arguments as indented JSON.</summary>
    private static void Arguments(StringBuilder sb, TrajectoryEvent e, bool open)
    {
        if (e.Arguments is not { } args)
        {
            if (e.ArgumentStrings is { Count: > 0 } strings) Text(sb, string.Join("\n", strings), open, mono: true);
            return;
        }

        var command = args.ValueKind == JsonValueKind.Object && args.EnumerateObject().Count() <= 3
            ? args.EnumerateObject().Where(p => p.Name is "command" or "cmd" && p.Value.ValueKind == JsonValueKind.String).Select(p => p.Value.GetString()).FirstOrDefault()
            : null;
        if (command is not null)
        {
            var rest = args.EnumerateObject().Where(p => p.Name is not ("command" or "cmd")).Select(p => $"{p.Name}: {Json.Text(p.Value)}").ToList();
            Text(sb, "$ " + command + (rest.Count > 0 ? "\n# " + string.Join(", ", rest) : ""), open, mono: true);
            return;
        }

        if (args.ValueKind != JsonValueKind.Object)
        {
            Text(sb, args.ValueKind == JsonValueKind.String ? args.GetString() : Json.Pretty(args), open, mono: true);
            return;
        }

        // One line per argument; a long or multi-line string (a file's content, a patch) as its own block with real newlines.
        foreach (var p in args.EnumerateObject())
        {
            var value = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : Json.Pretty(p.Value);
            if (value.Length <= 100 && !value.Contains('\n', StringComparison.Ordinal))
            {
                sb.Append("<div class=\"text mono\"><strong>").Esc(p.Name).Append(":</strong> ").Esc(Html.Display(value)).Append("</div>");
                continue;
            }

            sb.Append("<div class=\"mono\"><strong>").Esc(p.Name).Append(":</strong></div>");
            Text(sb, value, open, mono: true);
        }
    }

    /// <summary>Text, folded behind its first line when long (open when it carries a finding).</summary>
    private static void Text(StringBuilder sb, string? text, bool open, bool mono = false)
    {
        var shown = Html.Display(text);
        if (shown.Length == 0) return;
        var lines = 1 + shown.Count(ch => ch == '\n');
        var cls = mono ? "text mono" : "text";
        if (shown.Length <= FoldChars && lines <= FoldLines)
        {
            sb.Append("<div class=\"").Append(cls).Append("\">").Esc(shown).Append("</div>");
            return;
        }

        sb.Append(open ? "<details open>" : "<details>").Append("<summary><code>").Esc(Html.Preview(shown, 120)).Append("</code> · ")
            .Append(lines).Append(" lines, ").Append(Html.Num(shown.Length)).Append(" characters</summary><div class=\"").Append(cls).Append("\">")
            .Esc(shown).Append("</div></details>");
    }

    private static void Meta(StringBuilder sb, params string?[] parts)
    {
        var present = parts.Where(p => !string.IsNullOrEmpty(p)).ToList();
        if (present.Count > 0) sb.Append("<div>").Esc(string.Join(" · ", present)).Append("</div>");
    }

    private static string? Tokens(TokenCounts? t)
    {
        if (t is null) return null;
        var parts = new List<string>();
        if (t.Input is { } i) parts.Add($"in {Html.Num(i)}");
        if (t.Output is { } o) parts.Add($"out {Html.Num(o)}");
        if (t.Reasoning is { } r) parts.Add($"reasoning {Html.Num(r)}");
        if (t.CacheRead is { } cr) parts.Add($"cache read {Html.Num(cr)}");
        if (t.CacheWrite is { } cw) parts.Add($"cache write {Html.Num(cw)}");
        return parts.Count == 0 ? null : "tokens " + string.Join(", ", parts);
    }
}
