using System.Text.RegularExpressions;
using HarnessBench.Cli.Viewer;

namespace HarnessBench.Cli.Tests.Viewer;

/// <summary>`hbench view --export`: one file per page, relative links that all resolve, raw logs copied safely; and `hbench bench view`.</summary>
public sealed partial class ViewExportTests : IDisposable
{
    private readonly ViewerRun _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public void Export_writes_every_page_and_every_relative_link_resolves()
    {
        var site = _run.Site();
        var output = Path.Combine(_run.Root, "export");

        var summary = ViewExporter.Export(site, site.Store.Runs, output);

        var run = site.Store.Get(site.Store.Find("alpha")!);
        Assert.True(File.Exists(Path.Combine(output, "index.html")));
        Assert.True(File.Exists(Path.Combine(output, "runs", "alpha", "index.html")));
        Assert.True(File.Exists(Path.Combine(output, "diff", "alpha", "beta.html")));
        Assert.True(File.Exists(Path.Combine(output, "diff", "beta", "alpha.html")));
        Assert.All(run.Cells, c => Assert.True(File.Exists(Path.Combine(output, "runs", "alpha", "cells", c.CellId + ".html")), c.CellId));
        Assert.Equal(1 + 2 + 2 * 12 + 2, summary.Pages);

        var pages = Directory.GetFiles(output, "*.html", SearchOption.AllDirectories).Where(p => !p.Contains("/raw/", StringComparison.Ordinal)).ToList();
        var checkedLinks = 0;
        foreach (var page in pages)
        {
            foreach (Match m in Href().Matches(File.ReadAllText(page)))
            {
                var href = System.Net.WebUtility.HtmlDecode(m.Groups[1].Value);
                if (href.StartsWith('#')) continue;
                Assert.DoesNotMatch("^[a-z]+:", href); // relative only: no http:, file:, javascript:
                var path = Uri.UnescapeDataString(href.Split('#')[0].Split('?')[0]);
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, path));
                Assert.True(File.Exists(target), $"{Path.GetRelativePath(output, page)} links to {href}, which is not in the export");
                Assert.StartsWith(output, target, StringComparison.Ordinal);
                checkedLinks++;
            }
        }

        Assert.True(checkedLinks > 150, $"only {checkedLinks} links checked");
    }

    [Fact]
    public void Raw_logs_are_copied_as_text_and_links_out_of_the_cell_are_not()
    {
        var site = _run.Site();
        var output = Path.Combine(_run.Root, "export");

        ViewExporter.Export(site, [site.Store.Find("alpha")!], output);

        var raw = Path.Combine(output, "runs", "alpha", "cells", _run.Target.CellId, "raw");
        Assert.Equal(ViewerRun.Hostile, File.ReadAllText(Path.Combine(raw, "agent-logs", "sessions", "evil.html.txt")));
        Assert.False(File.Exists(Path.Combine(raw, "agent-logs", "sessions", "evil.html")));
        Assert.Contains("chat/completions", File.ReadAllText(Path.Combine(raw, "gateway.transcript.jsonl")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(raw, "error.log")));
        Assert.False(File.Exists(Path.Combine(raw, "escape.log")));
        Assert.False(Directory.Exists(Path.Combine(raw, "agent-logs", "etc")));
        Assert.DoesNotContain(Directory.GetFiles(output, "*", SearchOption.AllDirectories), f => File.ReadAllText(f).Contains("root:x:0:0", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(output, "diff"))); // one run: nothing to compare
    }

    [Fact]
    public void Exported_run_pages_carry_the_filter_attributes_and_list_every_cell()
    {
        var site = _run.Site();
        var output = Path.Combine(_run.Root, "export");
        ViewExporter.Export(site, site.Store.Runs, output);

        var html = File.ReadAllText(Path.Combine(output, "runs", "alpha", "index.html"));

        Assert.Contains("data-mode=\"export\"", html, StringComparison.Ordinal);
        Assert.Equal(12, Regex.Count(html, "<tr data-model="));
        Assert.Contains($"data-harness=\"{_run.Target.Harness}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_benchmark_serves_a_synthetic_run_and_prints_its_figures()
    {
        using var output = new StringWriter();

        var exit = await ViewBenchmark.RunAsync(300, null, output, CancellationToken.None);

        var text = output.ToString();
        Assert.True(exit == 0, text);
        foreach (var row in new[] { "run page, cold", "run page, cached", "run page, filtered", "cell page", "goal:" })
        {
            Assert.Contains(row, text, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex Href();
}
