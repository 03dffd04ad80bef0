using System.IO.Compression;
using HarnessBench.Cli.Commands;

namespace HarnessBench.Cli.Viewer;

/// <summary>What an export wrote.</summary>
internal sealed record ExportSummary(int Pages, int RawFiles, long Bytes, string Index);

/// <summary>
/// `hbench view --export DIR`: the viewer's pages as static files with relative links (the same URL
/// layout as the server, see <see cref="ViewSite"/>), one HTML file per page, the raw logs of every
/// cell copied next to its page, and the diff page of every pair of exported runs (up to
/// <see cref="MaxDiffRuns"/> runs). Files that exist in DIR are overwritten; nothing else is removed.
/// </summary>
internal static class ViewExporter
{
    public const int MaxDiffRuns = 12;

    public static ExportSummary Export(ViewSite site, IReadOnlyList<RunEntry> runs, string outDirectory)
    {
        var counter = new Counter();
        var compare = runs.Count >= 2 && runs.Count <= MaxDiffRuns;
        var root = Path.GetFullPath(outDirectory);
        counter.Write(Path.Combine(root, "index.html"), Viewer.RunsPage.Render(site.Listings(runs), new PageContext(ViewMode.Export, ""), site.ResultsDirectory, compare));
        var loaded = new List<LoadedRun>();
        foreach (var entry in runs)
        {
            LoadedRun run;
            try
            {
                run = site.Store.Get(entry);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                continue; // the runs page says why it cannot be read
            }

            loaded.Add(run);
            var dir = Path.Combine(root, "runs", entry.Key);
            var others = compare ? runs.Where(r => r.Key != entry.Key).ToList() : [];
            counter.Write(Path.Combine(dir, "index.html"), RunPage.Render(run, CellFilter.None, new PageContext(ViewMode.Export, "../../"), others));
            foreach (var file in new[] { ReportFiles.HtmlName, ReportFiles.MarkdownName, ReportFiles.CsvName })
            {
                var source = new FileInfo(Path.Combine(entry.Directory, file));
                if (source.Exists && source.LinkTarget is null) counter.Copy(source.FullName, Path.Combine(dir, file), gunzip: false);
            }

            var cellPage = new PageContext(ViewMode.Export, "../../../");
            foreach (var cell in run.Cells)
            {
                if (run.CellDirectory(cell.CellId) is not { } cellDir) continue;
                var detail = CellDetail.Load(run, cell, site.Store);
                counter.Write(Path.Combine(dir, "cells", cell.CellId + ".html"), CellPage.Render(detail, cellPage));
                foreach (var raw in detail.Raw)
                {
                    if (RawFiles.Resolve(cellDir, raw.RelativePath) is not { } path) continue;
                    var target = Path.Combine(dir, "cells", cell.CellId, ViewSite.RawSegment, RawFiles.ExportName(raw.RelativePath));
                    counter.Copy(path, target, gunzip: path.EndsWith(".gz", StringComparison.Ordinal));
                    counter.RawFiles++;
                }
            }
        }

        if (compare)
        {
            foreach (var a in loaded)
            {
                foreach (var b in loaded.Where(b => b != a))
                {
                    counter.Write(Path.Combine(root, "diff", a.Entry.Key, b.Entry.Key + ".html"), DiffPage.Render(a, b, new PageContext(ViewMode.Export, "../../")));
                }
            }
        }

        return new ExportSummary(counter.Pages, counter.RawFiles, counter.Bytes, Path.Combine(root, "index.html"));
    }

    private sealed class Counter
    {
        public int Pages { get; private set; }

        public int RawFiles { get; set; }

        public long Bytes { get; private set; }

        public void Write(string path, string html)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var bytes = ViewSite.Bytes(html);
            File.WriteAllBytes(path, bytes);
            Pages++;
            Bytes += bytes.Length;
        }

        public void Copy(string source, string target, bool gunzip)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var input = File.OpenRead(source);
            using Stream from = gunzip ? new GZipStream(input, CompressionMode.Decompress) : input;
            using var output = File.Create(target);
            try
            {
                from.CopyTo(output);
            }
            catch (InvalidDataException)
            {
                // A transcript cut short: keep what decompressed.
            }

            Bytes += output.Length;
        }
    }
}
