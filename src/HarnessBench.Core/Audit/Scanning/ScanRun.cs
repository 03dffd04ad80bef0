using HarnessBench.Core.Trajectories;

namespace HarnessBench.Core.Audit.Scanning;

/// <summary>
/// One scan of one trajectory: shell state per (sub)agent, which calls listed files or searched
/// their content (their results are searched for grader paths: names are PROBE, quoted lines READ), and mention candidates that are dropped at the end when the
/// word is the task's own (in the prompt) or the agent's own (a workspace file of that name).
/// </summary>
internal sealed class ScanRun
{
    private const int SnippetChars = 200;
    private const int MaxListingLines = 5000;

    private readonly AuditContext context;
    private readonly GraderPathClassifier classifier;
    private readonly CanaryMatcher? canary;
    private readonly HashSet<string> promptWords = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ShellAnalyzer> agents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CallInfo> calls = new(StringComparer.Ordinal);
    private readonly List<(AuditFinding Finding, string? Word)> findings = [];
    private readonly HashSet<(int, string)> seen = [];
    private CallInfo? lastCall;

    public ScanRun(AuditContext context)
    {
        this.context = context;
        classifier = new GraderPathClassifier(context);
        canary = context.Canary is { Length: >= 8 } c ? new CanaryMatcher(c) : null;
        for (var word = GraderWords.Find(context.TaskPrompt ?? "", promptWords); word is not null; word = GraderWords.Find(context.TaskPrompt ?? "", promptWords))
        {
            promptWords.Add(word);
        }
    }

    public void Event(int index, TrajectoryEvent e)
    {
        var agent = Agent(e);
        switch (e.Kind)
        {
            case TrajectoryEventKind.SessionStart when e.Text is { } cwd && cwd.StartsWith('/'):
                agent.Session.StartDirectory = PathMath.Normalize(cwd);
                agent.Session.Cwd = agent.Session.StartDirectory;
                break;
            case TrajectoryEventKind.Message or TrajectoryEventKind.Reasoning when e.Actor == TrajectoryActor.Model && e.Text is { } text:
                if (!Canary(index, text, "canary-in-model-text"))
                {
                    Mention(index, text, "model-mention");
                }
                break;
            case TrajectoryEventKind.ToolCall:
                Call(index, e, agent);
                break;
            case TrajectoryEventKind.ToolResult or TrajectoryEventKind.Error when e.Text is { } output:
                Result(index, e, output);
                break;
            default:
                break;
        }
    }

    public IReadOnlyList<AuditFinding> Finish()
    {
        var ignored = new HashSet<string>(promptWords, StringComparer.Ordinal);
        // The agent's own files: those it touched in the workspace and those it created anywhere.
        var own = agents.Values.SelectMany(a => a.Session.WorkspacePaths.Select(p => p.Length > classifier.Workspace.Length ? p[classifier.Workspace.Length..] : "")
            .Concat(a.Session.OwnFiles));
        foreach (var relative in own)
        {
            if (relative.EndsWith("/test.sh", StringComparison.Ordinal))
            {
                ignored.Add("test.sh");
            }
            if (relative.EndsWith("/solve.sh", StringComparison.Ordinal))
            {
                ignored.Add("solve.sh");
            }
            if (relative.Contains("/tests", StringComparison.Ordinal))
            {
                ignored.Add("/tests");
            }
        }
        return [.. findings.Where(f => f.Word is null || !ignored.Contains(f.Word)).Select(f => f.Finding)];
    }

    private ShellAnalyzer Agent(TrajectoryEvent e)
    {
        // Subagents get their own shell (their own cwd); the root agent is keyed "".
        var key = e.ParentId ?? "";
        if (!agents.TryGetValue(key, out var agent))
        {
            var start = agents.TryGetValue("", out var root) ? root.Session.StartDirectory : classifier.Workspace;
            agent = new ShellAnalyzer(classifier, context, new ShellSession(start));
            agents[key] = agent;
        }
        return agent;
    }

    private void Call(int index, TrajectoryEvent e, ShellAnalyzer agent)
    {
        var strings = e.ArgumentStrings ?? (e.Arguments is { } a ? JsonLeaves.Strings(a) : []);
        foreach (var s in strings)
        {
            if (Canary(index, s, "canary-in-tool-call"))
            {
                break;
            }
        }
        var session = agent.Session;
        var listing = false;
        var searching = false;
        switch (ToolKinds.Classify(e))
        {
            case ToolKind.Shell when ToolKinds.Command(e, strings) is { } command:
                // Claude Code's Bash keeps its working directory between calls; other shells start fresh.
                if (e.ToolName != "Bash")
                {
                    session.Cwd = session.StartDirectory;
                }
                var evidence = agent.Analyze(command);
                listing = agent.Listed;
                searching = agent.Searched;
                Add(index, evidence, command);
                if (evidence.Count == 0)
                {
                    Mention(index, command, "command-mention");
                }
                break;
            case ToolKind.Read:
                if (ToolKinds.Paths(e, strings).FirstOrDefault(p => agent.Relation(p, listing: false) == GraderRelation.Inside) is { } read)
                {
                    Add(index, AuditSeverity.Read, "tool-read", $"{e.ToolName} {read}");
                }
                break;
            case ToolKind.Write:
                var content = ToolKinds.Content(e);
                var whole = ToolKinds.WritesWholeFile(e);
                var targets = ToolKinds.Paths(e, strings).ToList();
                if (e.ToolName is "apply_patch" or "patch" && strings.Count > 0)
                {
                    targets = [.. strings.SelectMany(ToolKinds.PatchFiles)];
                    foreach (var deleted in strings.SelectMany(ToolKinds.PatchDeletes))
                    {
                        Add(index, agent.DeleteFile(deleted, $"{e.ToolName} delete {deleted}"), null);
                    }
                    // A patch that adds a file creates it whole (content unknown here).
                    whole = true;
                }
                foreach (var target in targets)
                {
                    Add(index, agent.WriteFile(target, content, whole, $"{e.ToolName} {target}"), null);
                }
                break;
            case ToolKind.Delete:
                foreach (var target in ToolKinds.Paths(e, strings))
                {
                    Add(index, agent.DeleteFile(target, $"{e.ToolName} {target}"), null);
                }
                break;
            case ToolKind.List or ToolKind.Search:
                // Claude's Grep prints file names unless output_mode is "content"; other grep tools print lines.
                searching = ToolKinds.Classify(e) == ToolKind.Search && (e.ToolName != "Grep" || strings.Contains("content"));
                listing = !searching;
                var paths = ToolKinds.Paths(e, strings).Where(p => !ToolKinds.Patterns(e).Contains(p)).ToList();
                var patterns = ToolKinds.Patterns(e).ToList();
                var reveals = agent.Searches(paths, patterns);
                if (reveals)
                {
                    var search = ToolKinds.Classify(e) == ToolKind.Search && !strings.Any(s => s is "files_with_matches" or "count");
                    Add(index, search ? AuditSeverity.Read : AuditSeverity.Probe, search ? "tool-grep" : "tool-list", $"{e.ToolName} {string.Join(' ', patterns.Concat(paths))}");
                }
                break;
            default:
                // A fetch tool given a file:// URL reads the file like any read tool.
                if (strings.FirstOrDefault(s => s.StartsWith("file://", StringComparison.OrdinalIgnoreCase)
                    && agent.Relation(s, listing: false) == GraderRelation.Inside) is { } url)
                {
                    Add(index, AuditSeverity.Read, "tool-read", $"{e.ToolName} {url}");
                    break;
                }
                foreach (var s in strings)
                {
                    if (Mention(index, s, "tool-mention"))
                    {
                        break;
                    }
                }
                break;
        }
        var info = new CallInfo(listing, searching, session.Cwd);
        lastCall = info;
        if (e.ToolCallId is { } id)
        {
            calls[id] = info;
        }
    }

    private void Result(int index, TrajectoryEvent e, string output)
    {
        if (Canary(index, output, "canary-in-tool-output"))
        {
            return;
        }
        var call = e.ToolCallId is { } id && calls.TryGetValue(id, out var known) ? known : lastCall;
        if (call is not { } listing || !(listing.Listing || listing.Searching))
        {
            return;
        }
        var agent = Agent(e);
        var lines = 0;
        foreach (var raw in output.AsSpan().EnumerateLines())
        {
            if (++lines > MaxListingLines)
            {
                break;
            }
            // find/glob print paths; grep -n prints "path:line:text"; ls -l puts the name last.
            var line = raw.Trim();
            var colon = line.IndexOf(':');
            var path = (colon > 0 ? line[..colon] : line).ToString();
            var space = path.LastIndexOf(' ');
            if (space >= 0)
            {
                path = path[(space + 1)..];
            }
            if (path.Length > 0 && path.Contains('/', StringComparison.Ordinal) && agent.RelationFrom(listing.Cwd, path) == GraderRelation.Inside)
            {
                // A search's "path:text" line quotes the file: its content entered the context.
                if (listing.Searching && colon > 0)
                {
                    Add(index, AuditSeverity.Read, "search-output", line.ToString());
                }
                else
                {
                    Add(index, AuditSeverity.Probe, "listing-revealed", line.ToString());
                }
                return;
            }
        }
    }

    private bool Canary(int index, string text, string detector)
    {
        if (canary?.Find(text) is not { } form)
        {
            return false;
        }
        var at = text.IndexOf(canary.Canary, StringComparison.Ordinal);
        var excerpt = at >= 0 ? Excerpt(text, at) : text;
        Add(index, AuditSeverity.Read, detector, $"canary ({form}): {excerpt}");
        return true;
    }

    private bool Mention(int index, string text, string detector)
    {
        var word = GraderWords.Find(text, promptWords);
        if (word is null)
        {
            return false;
        }
        var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase);
        Add(index, AuditSeverity.Mention, detector, Excerpt(text, Math.Max(0, at)), word);
        return true;
    }

    private void Add(int index, IReadOnlyList<Evidence> evidence, string? command)
    {
        foreach (var item in evidence)
        {
            Add(index, item.Severity, item.Detector, command is not null && command.Length <= SnippetChars ? command : item.Detail);
        }
    }

    private void Add(int index, AuditSeverity severity, string detector, string snippet, string? word = null)
    {
        if (!seen.Add((index, detector)))
        {
            return;
        }
        snippet = snippet.ReplaceLineEndings(" ");
        if (snippet.Length > SnippetChars)
        {
            snippet = snippet[..(SnippetChars - 3)] + "...";
        }
        findings.Add((new AuditFinding(severity, detector, TrajectoryScanner.Source, index, snippet), word));
    }

    private static string Excerpt(string text, int at)
    {
        var start = Math.Max(0, at - 60);
        var end = Math.Min(text.Length, start + SnippetChars);
        return (start > 0 ? "..." : "") + text[start..end];
    }

    /// <summary>What a tool call's result will show: file names (listing) or quoted lines (searching), and where it ran.</summary>
    private sealed record CallInfo(bool Listing, bool Searching, string Cwd);
}
