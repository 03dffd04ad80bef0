using System.Text.RegularExpressions;
using HarnessBench.Cli.Viewer;

namespace HarnessBench.Cli.Tests.Viewer;

/// <summary>The viewer's page builders on a small run: escaping of hostile agent content, filters, the diff page.</summary>
public sealed partial class ViewerPageTests : IDisposable
{
    private readonly ViewerRun _run = new();
    private readonly ViewSite _site;

    public ViewerPageTests() => _site = _run.Site();

    public void Dispose() => _run.Dispose();

    private string Get(string path, params (string Key, string Value)[] query)
    {
        var answer = _site.Handle(path, k => query.FirstOrDefault(q => q.Key == k).Value);
        Assert.True(answer.Status == 200, $"GET {path}: {answer.Status} {answer.Body}");
        return answer.Body!;
    }

    private string CellPage() => Get($"/runs/alpha/cells/{_run.Target.CellId}.html");

    [Fact]
    public void Hostile_agent_content_is_escaped_everywhere_on_the_cell_page()
    {
        var html = CellPage();

        // Only the viewer's own script tag; no agent markup survives as markup.
        Assert.Single(ScriptTag().Matches(html));
        Assert.DoesNotContain("<script>document", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror=\"", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onmouseover='", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("</textarea>", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(EventAttribute(), html);
        // ...and it is shown, as text, in the trajectory, the findings, the verdict, the grader output and a file name.
        const string Escaped = "&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;&lt;img src=x onerror=&quot;";
        Assert.True(Regex.Count(html, Regex.Escape(Escaped)) >= 6, "the hostile text should appear escaped in several sections");
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;.py", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_page_carries_a_policy_that_allows_only_the_viewers_script()
    {
        foreach (var html in new[] { Get("/"), Get("/runs/alpha/index.html"), CellPage(), Get("/diff/alpha/beta.html") })
        {
            Assert.Contains("Content-Security-Policy", html, StringComparison.Ordinal);
            Assert.Contains(ViewAssets.ScriptHash.Trim('\''), html, StringComparison.Ordinal);
            Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Findings_are_listed_and_highlighted_on_the_events_they_point_at()
    {
        var html = CellPage();

        Assert.Matches($"<div class=\"ev call flag\" id=\"ev-{ViewerRun.FlaggedStep}\">", html);
        Assert.Matches("<div class=\"ev model flag low\" id=\"ev-1\">", html);
        var findings = Section(html, "id=\"findings\"", "</table>");
        Assert.Contains($"<a href=\"#ev-{ViewerRun.FlaggedStep}\">event {ViewerRun.FlaggedStep}</a>", findings, StringComparison.Ordinal);
        Assert.Contains("shell-read", findings, StringComparison.Ordinal);
        Assert.Contains("<span class=\"b a-read big\"", html, StringComparison.Ordinal); // the cell's label in the summary
    }

    [Fact]
    public void The_cell_page_shows_verdict_evidence_metering_workspace_and_raw_logs()
    {
        var html = CellPage();

        Assert.Contains("checks 7/10: ", html, StringComparison.Ordinal);
        var evidence = Section(html, "id=\"evidence\"", "</table>");
        Assert.Equal(7, Regex.Count(evidence, ">PASS<"));
        Assert.Equal(3, Regex.Count(evidence, ">FAIL<"));
        Assert.Contains("expected 7, got 8", evidence, StringComparison.Ordinal);
        Assert.Equal(1 + 2, Regex.Count(Section(html, "id=\"requests\"", "</table>"), "<tr")); // header + one request per three turns
        Assert.Contains("module_5.py", html, StringComparison.Ordinal);                       // removed from the seed
        Assert.Contains("<span class=\"tag\">graded</span>", html, StringComparison.Ordinal);  // module_0.py
        Assert.Contains("<span class=\"add\">+", html, StringComparison.Ordinal);
        var raw = Section(html, "id=\"raw-files\"", "</ul>");
        Assert.Contains($"href=\"{_run.Target.CellId}/raw/agent.stdout.log\"", raw, StringComparison.Ordinal);
        Assert.Contains("raw/agent-logs/sessions/evil.html", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("escape.log", raw, StringComparison.Ordinal);  // a symlink out of the folder is not listed
        Assert.DoesNotContain("passwd", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void Filters_narrow_the_cell_list_server_side()
    {
        var all = Rows(Get("/runs/alpha/index.html"));
        var harness = _run.Target.Harness;
        var byHarness = Rows(Get("/runs/alpha/index.html", ("harness", harness)));
        var failing = Rows(Get("/runs/alpha/index.html", ("harness", harness), ("verdict", "fail")));
        var text = Rows(Get("/runs/alpha/index.html", ("q", "PWNED")));
        var flagged = Rows(Get("/runs/alpha/index.html", ("audit", "flagged")));

        Assert.Equal(12, all.Count);
        Assert.Equal(6, byHarness.Count);
        Assert.All(byHarness, r => Assert.Contains($"<td>{harness}</td>", r, StringComparison.Ordinal));
        Assert.True(failing.Count < byHarness.Count && failing.Count > 0);
        Assert.All(failing, r => Assert.Contains("b-fail", r, StringComparison.Ordinal));
        Assert.Contains(text, r => r.Contains(_run.Target.CellId, StringComparison.Ordinal)); // found by its fail reason
        Assert.Contains(flagged, r => r.Contains(_run.Target.CellId, StringComparison.Ordinal));
        Assert.All(flagged, r => Assert.Matches("a-(read|execute|tamper)", r));
    }

    [Fact]
    public void Filters_round_trip_through_the_query_string()
    {
        var filter = new CellFilter("m&1", "h", null, "fail", "agent-timeout", "flagged", "a b");
        var query = filter.ToQuery(2);
        var parsed = System.Web.HttpUtility.ParseQueryString(query);

        Assert.Equal("?model=m%261&harness=h&verdict=fail&error=agent-timeout&audit=flagged&q=a%20b&page=2", query);
        Assert.Equal(filter with { Page = 2 }, CellFilter.Parse(k => parsed[k]));
        Assert.True(CellFilter.None.IsEmpty);
    }

    [Fact]
    public void The_run_page_has_the_reports_leaderboard_with_audit_flags_and_links_every_cell()
    {
        var html = Get("/runs/alpha/index.html");
        var store = _site.Store;
        var run = store.Get(store.Find("alpha")!);

        var board = Section(html, "id=\"leaderboard-table\"", "</table>");
        Assert.Equal(run.Report.Leaderboard.Count + 1, Regex.Count(board, "<tr"));
        Assert.Contains(HarnessBench.Core.Reports.Rendering.Fmt.RateWithInterval(run.Report.Leaderboard[0].Graded), board, StringComparison.Ordinal);
        Assert.Contains("a-read", board, StringComparison.Ordinal);
        foreach (var cell in run.Cells) Assert.Contains($"href=\"cells/{cell.CellId}.html\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_diff_page_lists_flips_linked_to_both_runs_and_rates_with_intervals()
    {
        var html = Get("/diff/alpha/beta.html");
        var store = _site.Store;
        var diff = HarnessBench.Core.Reports.RunDiff.Compare("alpha", store.Get(store.Find("alpha")!).Cells, "beta", store.Get(store.Find("beta")!).Cells);

        Assert.NotEmpty(diff.PassToFail);
        Assert.Contains($"Pass → fail ({diff.PassToFail.Count})", html, StringComparison.Ordinal);
        Assert.Contains($"Fail → pass ({diff.FailToPass.Count})", html, StringComparison.Ordinal);
        Assert.Contains("REGRESSION", html, StringComparison.Ordinal);
        var flip = diff.PassToFail[0].Cell;
        var id = store.Get(store.Find("alpha")!).Cells.First(c => c.Model == flip.Model && c.Harness == flip.Harness && c.Task == flip.Task).CellId;
        Assert.Contains($"href=\"../../runs/alpha/cells/{id}.html\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"../../runs/beta/cells/{id}.html\"", html, StringComparison.Ordinal);
        Assert.Equal(diff.Rates.Count + 1, Regex.Count(Section(html, "id=\"rates\"", "</table>"), "<tr"));
    }

    [Fact]
    public void The_runs_page_lists_both_runs_with_counts_and_offers_the_comparison()
    {
        var html = Get("/");

        Assert.Contains("href=\"runs/alpha/index.html\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"runs/beta/index.html\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"compare\"", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"n\">12</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_pages_runs_and_cells_are_404()
    {
        Assert.Equal(404, _site.Handle("/runs/nope/index.html", _ => null).Status);
        Assert.Equal(404, _site.Handle("/runs/alpha/cells/nope.html", _ => null).Status);
        Assert.Equal(404, _site.Handle("/runs/alpha/cells/..%2F..%2Fresults.html", _ => null).Status);
        Assert.Equal(404, _site.Handle("/etc/passwd", _ => null).Status);
        Assert.Equal(302, _site.Handle("/runs/alpha", _ => null).Status);
    }

    private static List<string> Rows(string html) =>
        [.. Regex.Matches(Section(html, "<table id=\"cells\">", "</table>"), "<tr[ >].*?</tr>", RegexOptions.Singleline).Skip(1).Select(m => m.Value)];

    private static string Section(string html, string start, string end)
    {
        var at = html.IndexOf(start, StringComparison.Ordinal);
        Assert.True(at >= 0, $"no {start} in the page");
        var stop = html.IndexOf(end, at, StringComparison.Ordinal);
        return html[at..stop];
    }

    [GeneratedRegex("<script", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    /// <summary>An event-handler attribute inside a tag (as opposed to escaped text).</summary>
    [GeneratedRegex("<[a-z][^<>]*\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventAttribute();
}
