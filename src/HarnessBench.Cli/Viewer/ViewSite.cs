using System.Text;
using HarnessBench.Cli.Commands;

namespace HarnessBench.Cli.Viewer;

/// <summary>An answer of the site: a page, a file to stream, or a redirect.</summary>
/// <param name="File">A file to stream as text (never a page); <paramref name="Gunzip"/> decompresses it.</param>
internal sealed record ViewResponse(int Status, string ContentType, string? Body, string? File = null, bool Gunzip = false, string? Location = null)
{
    public const string HtmlType = "text/html; charset=utf-8";
    public const string TextType = "text/plain; charset=utf-8";
}

/// <summary>
/// The viewer's URL space, the same for the server and the export (so links are relative and work in both):
/// <c>index.html</c> (runs), <c>runs/RUN/index.html</c> (run; filters in the query string),
/// <c>runs/RUN/cells/ID.html</c> (cell), <c>runs/RUN/cells/ID/raw/PATH</c> (a file of the cell folder),
/// <c>runs/RUN/report.html|report.md|cells.csv</c>, <c>diff/A/B.html</c>.
/// </summary>
internal sealed class ViewSite(RunStore store, string resultsDirectory)
{
    public const string RawSegment = "raw";
    private static readonly string[] RunFiles = [ReportFiles.HtmlName, ReportFiles.MarkdownName, ReportFiles.CsvName];

    public RunStore Store { get; } = store;

    public string ResultsDirectory { get; } = resultsDirectory;

    /// <param name="path">The decoded request path ("/runs/demo/index.html").</param>
    public ViewResponse Handle(string path, Func<string, string?> query)
    {
        var s = path.TrimStart('/').Split('/');
        try
        {
            return s switch
            {
                [""] or ["index.html"] => Page(RunsPage(new PageContext(ViewMode.Live, ""))),
                ["runs", var key] => Redirect($"/runs/{Html.Seg(key)}/"),
                ["runs", var key, "" or "index.html"] => WithRun(key, run => Page(RunPage.Render(run, CellFilter.Parse(query), Live(2), Others(run.Entry)))),
                ["runs", var key, var file] when RunFiles.Contains(file) => RunFile(key, file),
                ["runs", var key, "cells", var page] when page.EndsWith(".html", StringComparison.Ordinal) =>
                    WithCell(key, page[..^5], (run, cell) => Page(CellPage.Render(CellDetail.Load(run, cell, Store), Live(3)))),
                ["runs", var key, "cells", var id, RawSegment, .. var rest] when rest.Length > 0 => Raw(key, id, string.Join('/', rest)),
                ["diff"] => query("a") is { } a && query("b") is { } b ? Redirect($"/diff/{Html.Seg(a)}/{Html.Seg(b)}.html") : NotFound("pick two runs on the runs page"),
                ["diff", var a, var b] when b.EndsWith(".html", StringComparison.Ordinal) => Diff(a, b[..^5]),
                _ => NotFound($"no page at {path}"),
            };
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return Message(500, "The run could not be read", e.Message);
        }
    }

    public IReadOnlyList<RunListing> Listings(IEnumerable<RunEntry> runs) => [.. runs.Select(r =>
    {
        try
        {
            return new RunListing(r, Store.Get(r), null);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return new RunListing(r, null, e.Message);
        }
    })];

    public string RunsPage(PageContext page, IEnumerable<RunEntry>? runs = null) =>
        Viewer.RunsPage.Render(Listings(runs ?? Store.Runs), page, ResultsDirectory);

    public IReadOnlyList<RunEntry> Others(RunEntry run) => [.. Store.Runs.Where(r => r.Key != run.Key)];

    private static PageContext Live(int depth) => new(ViewMode.Live, string.Concat(Enumerable.Repeat("../", depth)));

    private ViewResponse WithRun(string key, Func<LoadedRun, ViewResponse> render) =>
        Store.Find(key) is { } entry ? render(Store.Get(entry)) : NotFound($"no run '{key}'");

    private ViewResponse WithCell(string key, string id, Func<LoadedRun, Core.Reports.ReportCell, ViewResponse> render) =>
        WithRun(key, run => run.ById.TryGetValue(id, out var cell) && run.CellDirectory(id) is not null ? render(run, cell) : NotFound($"no cell '{id}' in run '{key}'"));

    private ViewResponse RunFile(string key, string file) => WithRun(key, run =>
    {
        var path = Path.Combine(run.Entry.Directory, file);
        if (!File.Exists(path) || new FileInfo(path).LinkTarget is not null) return NotFound($"no {file} in this run");
        // report.html is our own self-contained page (no script); the others are text.
        return file == ReportFiles.HtmlName ? new ViewResponse(200, ViewResponse.HtmlType, File.ReadAllText(path)) : new ViewResponse(200, ViewResponse.TextType, null, path);
    });

    private ViewResponse Raw(string key, string id, string relative) => WithCell(key, id, (run, _) =>
        RawFiles.Resolve(run.CellDirectory(id)!, relative) is { } file
            ? new ViewResponse(200, ViewResponse.TextType, null, file, Gunzip: file.EndsWith(".gz", StringComparison.Ordinal))
            : NotFound("no such file in the cell folder (only regular files below it are served; links are not followed)"));

    private ViewResponse Diff(string a, string b)
    {
        if (Store.Find(a) is not { } ea || Store.Find(b) is not { } eb) return NotFound($"no run '{(Store.Find(a) is null ? a : b)}'");
        return Page(DiffPage.Render(Store.Get(ea), Store.Get(eb), Live(2)));
    }

    private static ViewResponse Page(string html) => new(200, ViewResponse.HtmlType, html);

    private static ViewResponse Redirect(string location) => new(302, ViewResponse.TextType, "", Location: location);

    private static ViewResponse NotFound(string why) => Message(404, "Not found", why);

    private static ViewResponse Message(int status, string title, string text)
    {
        var page = new PageContext(ViewMode.Live, "/");
        var sb = PageShell.Begin(page, title);
        sb.Append("<h1>").Esc(title).Append("</h1>\n<p>").Esc(text).Append("</p>\n");
        return new ViewResponse(status, ViewResponse.HtmlType, PageShell.End(sb, page));
    }

    /// <summary>UTF-8 bytes of a page (for the server and the exporter alike).</summary>
    public static byte[] Bytes(string html) => Encoding.UTF8.GetBytes(html);
}
