using System.Text.RegularExpressions;
using HarnessBench.Cli.Viewer;

namespace HarnessBench.Cli.Tests.Viewer;

/// <summary>
/// The viewer in a real browser: headless Chromium loads the served pages and follows their links
/// (runs page → run page → cell page), runs their script, and must never run the agent's. The
/// static export is loaded from file:// and filtered by its script.
/// </summary>
public sealed partial class ViewerBrowserTests : IDisposable
{
    private readonly ViewerRun _run = new();
    private int _profiles;

    public void Dispose() => _run.Dispose();

    private string Profile() => Path.Combine(_run.Root, $"profile-{++_profiles}");

    [ChromiumFact]
    public async Task Pages_load_links_lead_from_the_runs_page_to_a_cell_and_nothing_the_agent_wrote_runs()
    {
        await using var server = await ViewServer.StartAsync(_run.Site(), "127.0.0.1", 0);
        var id = _run.Target.CellId;

        var runsPage = new Uri(server.Address, "index.html");
        var runs = await Chromium.DomAsync(Profile(), runsPage.AbsoluteUri);
        var runPage = new Uri(runsPage, Link(runs, ">alpha</a>"));
        var run = await Chromium.DomAsync(Profile(), runPage.AbsoluteUri);
        Assert.Contains("Leaderboard", run, StringComparison.Ordinal);
        Assert.Equal(12, CellRows(run).Count);
        var cellPage = new Uri(runPage, Link(run, $"title=\"{id}\""));
        Assert.EndsWith($"/runs/alpha/cells/{id}.html", cellPage.AbsolutePath, StringComparison.Ordinal);
        var cell = await Chromium.DomAsync(Profile(), cellPage.AbsoluteUri);

        Assert.Contains($"<h1>{id}</h1>", cell, StringComparison.Ordinal);
        Assert.Contains("Turn 0: I will inspect module 0 and run the tests again.", cell, StringComparison.Ordinal); // the trajectory
        Assert.Matches($"class=\"ev call flag\" id=\"ev-{ViewerRun.FlaggedStep}\"", cell);                          // the finding's event
        Assert.Contains("shell-read", cell, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;document.title='PWNED'&lt;/script&gt;", cell, StringComparison.Ordinal);      // shown as text
        Assert.DoesNotContain("PWNED</title>", cell, StringComparison.Ordinal);                                        // ...never run
        Assert.DoesNotContain("data-pwned", cell.Replace("setAttribute('data-pwned'", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("<img", cell, StringComparison.OrdinalIgnoreCase);

        // The raw log link on the page works and shows the hostile log as text.
        var log = new Uri(cellPage, Link(cell, ">agent-logs/sessions/evil.html</a>"));
        var logDom = await Chromium.DomAsync(Profile(), log.AbsoluteUri);
        Assert.Contains("&lt;script&gt;", logDom, StringComparison.Ordinal);
        Assert.DoesNotContain("data-pwned=\"1\"", logDom, StringComparison.Ordinal);

        var png = Path.Combine(_run.Root, "cell.png");
        await Chromium.RunAsync(Profile(), "--hide-scrollbars", $"--screenshot={png}", "--window-size=1280,2400", cellPage.AbsoluteUri);
        Assert.True(File.Exists(png) && new FileInfo(png).Length > 30_000, "the cell page screenshot is missing or blank");
    }

    [ChromiumFact]
    public async Task Filters_narrow_the_list_and_raw_urls_out_of_the_cell_folder_are_refused()
    {
        await using var server = await ViewServer.StartAsync(_run.Site(), "127.0.0.1", 0);
        var harness = _run.Target.Harness;
        var cell = $"runs/alpha/cells/{_run.Target.CellId}";

        var byHarness = CellRows(await Chromium.DomAsync(Profile(), new Uri(server.Address, $"runs/alpha/index.html?harness={harness}").AbsoluteUri));
        var failing = CellRows(await Chromium.DomAsync(Profile(), new Uri(server.Address, $"runs/alpha/index.html?harness={harness}&verdict=fail").AbsoluteUri));
        var text = CellRows(await Chromium.DomAsync(Profile(), new Uri(server.Address, "runs/alpha/index.html?q=PWNED").AbsoluteUri));

        Assert.Equal(6, byHarness.Count);
        Assert.InRange(failing.Count, 1, 5);
        Assert.Single(text);
        foreach (var attack in new[] { $"{cell}/raw/%2e%2e/%2e%2e/%2e%2e/results.jsonl", $"{cell}/raw/escape.log", $"{cell}/raw/agent-logs/etc/passwd" })
        {
            var dom = await Chromium.DomAsync(Profile(), server.Address.AbsoluteUri + attack);
            Assert.DoesNotContain("root:x:0:0", dom, StringComparison.Ordinal);
            Assert.DoesNotContain("\"schema\":1", dom, StringComparison.Ordinal);
            Assert.Contains("Not found", dom, StringComparison.Ordinal);
        }
    }

    [ChromiumFact]
    public async Task The_export_works_from_files_and_its_script_filters_by_the_query_string()
    {
        var site = _run.Site();
        var output = Path.Combine(_run.Root, "export");
        ViewExporter.Export(site, site.Store.Runs, output);
        var page = new Uri(Path.Combine(output, "runs", "alpha", "index.html")).AbsoluteUri;

        var all = await Chromium.DomAsync(Profile(), page);
        var filtered = await Chromium.DomAsync(Profile(), page + $"?harness={_run.Target.Harness}&verdict=fail");
        var cell = await Chromium.DomAsync(Profile(), new Uri(new Uri(page), Link(all, $"title=\"{_run.Target.CellId}\"")).AbsoluteUri);

        Assert.Equal(12, VisibleRows(all));
        var visible = VisibleRows(filtered);
        Assert.InRange(visible, 1, 5);
        Assert.Contains($">{visible} of 12 cells: 0 pass, {visible} fail, 0 error<", filtered, StringComparison.Ordinal);
        Assert.Contains("shell-read", cell, StringComparison.Ordinal);
        Assert.DoesNotContain("PWNED</title>", cell, StringComparison.Ordinal);
    }

    /// <summary>The href of the first link whose tag or text contains <paramref name="marker"/>.</summary>
    private static string Link(string dom, string marker)
    {
        foreach (Match m in Anchor().Matches(dom))
        {
            if (m.Value.Contains(marker, StringComparison.Ordinal)) return System.Net.WebUtility.HtmlDecode(m.Groups[1].Value);
        }

        throw new InvalidOperationException($"no link with {marker} on the page");
    }

    private static List<string> CellRows(string dom)
    {
        var table = dom[dom.IndexOf("<table id=\"cells\">", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("</table>", StringComparison.Ordinal)];
        return [.. Regex.Matches(table, "<tr[ >].*?</tr>", RegexOptions.Singleline).Skip(1).Select(m => m.Value)];
    }

    private static int VisibleRows(string dom) => CellRows(dom).Count(r => !r[..r.IndexOf('>')].Contains(" hidden", StringComparison.Ordinal));

    [GeneratedRegex("<a [^>]*href=\"([^\"]*)\"[^>]*>.*?</a>", RegexOptions.Singleline)]
    private static partial Regex Anchor();
}
