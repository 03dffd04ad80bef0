using System.Globalization;
using System.Text.Json;
using HarnessBench.Core.Reports;
using HarnessBench.Core.Reports.Rendering;
using HarnessBench.Core.Results;
using HarnessBench.Core.Tests.Support;

namespace HarnessBench.Core.Tests.Reports;

/// <summary>
/// report.html is one self-contained file that a real browser renders as a reader sees it: headless
/// Chromium lays it out, a probe reads the rendered text and each plot point's place, and the
/// screenshot's pixels show the points where the layout put them. Without Chromium the browser tests are skipped loudly, except in CI
/// (CI=true), where scripts/test.sh installs it and a missing browser is a failure.
/// </summary>
public class HtmlReportTests
{
    private static readonly string[] Headings =
    [
        "Leaderboard", "Speed / accuracy frontier", "Models and harnesses", "Tasks", "Pass rate vs model size",
        "Paired comparison: qwen3-1.5b-q4 vs qwen3-1.5b-q8", "Contamination", "Speed (gateway metering)", "Repeats", "Errors",
    ];

    private static string Html() =>
        HtmlReport.Render(ReportLayout.Layout(ReportBuilder.Build(ReportSnapshotTests.FixedInput(), ReportSnapshotTests.PairOptions)));

    [Fact]
    public void The_html_is_self_contained()
    {
        var html = Html();
        // One inline script (sorting tables by a header click), nothing loaded from anywhere.
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(html, "<script", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        Assert.Contains("<script>document.querySelectorAll('table.sortable th')", html.Replace("\n", "", StringComparison.Ordinal).Replace("        ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<style>", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
        Assert.Equal(3, html.Split("<svg").Length - 1); // time frontier, token frontier, params
    }

    // Injected into a copy of the page for the test only (the report itself has no scripts): what a
    // reader sees, measured by the browser after layout: the rendered text, the section headings, and
    // every plot's frame and points with their computed style and position on the page.
    private const string Probe = """
        <script>
        (() => {
          const text = document.body.innerText;
          const shown = e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e); return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
          const headings = [...document.querySelectorAll('section > h2')].map(h => ({ text: h.innerText, shown: shown(h) }));
          const plots = [...document.querySelectorAll('svg.plot')].map(svg => {
            const vb = svg.viewBox.baseVal, box = svg.getBoundingClientRect();
            const frames = [...svg.querySelectorAll('line.frame')].map(l => [l.x1.baseVal.value, l.y1.baseVal.value, l.x2.baseVal.value, l.y2.baseVal.value]);
            const points = [...svg.querySelectorAll('circle')].map(c => {
              const r = c.getBoundingClientRect(), s = getComputedStyle(c);
              return { cx: c.cx.baseVal.value, cy: c.cy.baseVal.value, r: c.r.baseVal.value, title: c.querySelector('title')?.textContent ?? '',
                fill: s.fill, opacity: Number(s.fillOpacity) * Number(s.opacity), shown: shown(c),
                x: r.left + r.width / 2 + scrollX, y: r.top + r.height / 2 + scrollY };
            });
            const line = svg.querySelector('polyline.frontier');
            return { label: svg.getAttribute('aria-label'), viewBox: [vb.x, vb.y, vb.width, vb.height], frames, points,
              frontier: line ? [...line.points].map(p => [p.x, p.y]) : [], box: [box.left + scrollX, box.top + scrollY, box.width, box.height] };
          });
          const pre = document.createElement('pre');
          pre.id = 'hbench-probe';
          pre.textContent = JSON.stringify({ text, headings, plots });
          document.body.appendChild(pre);
        })();
        </script>
        """;

    private const string WindowSize = "--window-size=1280,2000";

    [ChromiumFact]
    public async Task A_reader_sees_every_section_the_runs_numbers_and_every_plot_point_inside_its_axes()
    {
        var input = ReportSnapshotTests.FixedInput();
        var html = Html();
        using var dir = new TempDirectory();
        var page = dir.Write("report.html", html);
        var probed = dir.Write("probed.html", html.Replace("</body>", Probe + "</body>", StringComparison.Ordinal));
        var png = dir.Combine("report.png");

        var shot = await Chromium.RunAsync(dir.Combine("profile-shot"), $"--screenshot={png}", WindowSize, new Uri(page).AbsoluteUri);
        var dom = await Chromium.RunAsync(dir.Combine("profile-dom"), "--dump-dom", WindowSize, new Uri(probed).AbsoluteUri);
        using var seen = JsonDocument.Parse(ProbeResult(dom.Stdout));
        var root = seen.RootElement;
        var text = root.GetProperty("text").GetString()!;

        // Sections: each heading rendered, visible, in order.
        var headings = root.GetProperty("headings").EnumerateArray().ToList();
        Assert.Equal(Headings, headings.Select(h => h.GetProperty("text").GetString()).Where(Headings.Contains).ToArray());
        Assert.All(headings, h => Assert.True(h.GetProperty("shown").GetBoolean(), h.ToString()));

        // The run's numbers, counted here from the cells (not from the report model), in the rendered text.
        var graded = input.Cells.Count(c => c.Verdict != Verdict.Error);
        var passed = input.Cells.Count(c => c.Verdict == Verdict.Pass);
        Assert.Contains($"Cells: {input.Cells.Count} ({graded} graded, {passed} passed, {input.Cells.Count - graded} errors", text, StringComparison.Ordinal);
        var pairs = input.Cells.GroupBy(c => (c.Model, c.Harness)).ToList();
        foreach (var pair in pairs)
        {
            var g = pair.Count(c => c.Verdict != Verdict.Error);
            var p = pair.Count(c => c.Verdict == Verdict.Pass);
            var rate = (100.0 * p / g).ToString("0.0", CultureInfo.InvariantCulture);
            // A leaderboard row as a reader reads it: model, harness, passed/graded, errors, rate [interval].
            Assert.Contains($"\t{pair.Key.Model}\t{pair.Key.Harness}\t{p}/{g}\t{pair.Count() - g}\t{rate}% [", text, StringComparison.Ordinal);
        }

        // Plots: every point drawn, visible, inside the axes, at the height of its pass rate, in x order.
        var plots = root.GetProperty("plots").EnumerateArray().ToList();
        var modelsWithParams = input.Cells.Where(c => c.Params is not null).Select(c => c.Model).Distinct().Count();
        Assert.Equal([pairs.Count, pairs.Count, modelsWithParams], plots.Select(p => p.GetProperty("points").GetArrayLength()));
        var screenshot = PngImage.Decode(await File.ReadAllBytesAsync(png));
        Assert.True(screenshot.Width == 1280 && screenshot.Height == 2000, $"screenshot {screenshot.Width}x{screenshot.Height}; chromium said: {shot.Stderr}");
        var checkedPixels = 0;
        foreach (var plot in plots)
        {
            var label = plot.GetProperty("label").GetString();
            var viewBox = Numbers(plot.GetProperty("viewBox"));
            var frames = plot.GetProperty("frames").EnumerateArray().Select(Numbers).ToList();
            Assert.Equal(2, frames.Count);
            // The x axis runs along the bottom of the area, the y axis up its left side.
            var (left, right, top, bottom) = (frames[1][0], frames[0][2], frames[1][1], frames[0][1]);
            Assert.True(left >= viewBox[0] && right <= viewBox[0] + viewBox[2] && top >= viewBox[1] && bottom <= viewBox[1] + viewBox[3], $"{label}: axes outside the viewBox");
            var points = plot.GetProperty("points").EnumerateArray().Select(Point.Of).ToList();
            foreach (var point in points)
            {
                var where = $"{label}: point '{point.Title}' at ({point.Cx}, {point.Cy})";
                Assert.True(point.Shown && point.Opacity > 0 && point.Fill != "none" && point.R > 0, $"{where} is not visible");
                Assert.True(point.Cx >= left - 0.5 && point.Cx <= right + 0.5 && point.Cy >= top - 0.5 && point.Cy <= bottom + 0.5, $"{where} is outside the axes [{left}, {right}] x [{top}, {bottom}]");
                Assert.True(Math.Abs(point.Cy - (bottom - point.Rate * (bottom - top))) <= 1, $"{where} is not at the height of its pass rate {point.Rate:P1}");
                if (point.Y + point.R < screenshot.Height && point.X + point.R < screenshot.Width)
                {
                    // On screen, the point's centre has the point's colour (over the white page), not the background.
                    var pixel = screenshot[(int)Math.Round(point.X), (int)Math.Round(point.Y)];
                    var expected = point.Composited();
                    Assert.True(Distance(pixel, expected) < 60 && Distance(pixel, (255, 255, 255)) > 30,
                        $"{where}: the screenshot shows rgb{pixel} at its centre ({point.X:F0}, {point.Y:F0}), expected about rgb{expected}");
                    checkedPixels++;
                }
            }

            var byValue = points.OrderBy(p => p.Value).ThenBy(p => p.Cx).ToList();
            Assert.True(byValue.Zip(byValue.Skip(1)).All(z => z.Second.Cx >= z.First.Cx - 0.5 || z.Second.Value == z.First.Value), $"{label}: points are not in x order of their values");
            foreach (var vertex in plot.GetProperty("frontier").EnumerateArray().Select(Numbers))
                Assert.True(vertex[0] >= left - 0.5 && vertex[0] <= right + 0.5 && vertex[1] >= top - 0.5 && vertex[1] <= bottom + 0.5, $"{label}: frontier vertex ({vertex[0]}, {vertex[1]}) outside the axes");
        }

        Assert.True(checkedPixels >= pairs.Count, $"only {checkedPixels} plot points were inside the screenshot: the plots are not where a reader looks first");
        Assert.NotEmpty(plots[0].GetProperty("frontier").EnumerateArray());
    }

    private static string ProbeResult(string dom)
    {
        const string Open = "<pre id=\"hbench-probe\">";
        var start = dom.IndexOf(Open, StringComparison.Ordinal);
        Assert.True(start >= 0, $"the probe did not run; the DOM was:\n{dom[..Math.Min(dom.Length, 2000)]}");
        start += Open.Length;
        return System.Net.WebUtility.HtmlDecode(dom[start..dom.IndexOf("</pre>", start, StringComparison.Ordinal)]);
    }

    private static double[] Numbers(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    private static double Distance((int R, int G, int B) a, (int R, int G, int B) b) =>
        Math.Sqrt(Math.Pow(a.R - b.R, 2) + Math.Pow(a.G - b.G, 2) + Math.Pow(a.B - b.B, 2));

    /// <summary>One plotted point as the browser laid it out; its value and rate come from its tooltip ("label: 93.5, 58.8%").</summary>
    private sealed record Point(string Title, double Cx, double Cy, double R, string Fill, double Opacity, bool Shown, double X, double Y)
    {
        public double Value => double.Parse(Title[(Title.LastIndexOf(": ", StringComparison.Ordinal) + 2)..].Split(", ")[0], CultureInfo.InvariantCulture);

        public double Rate => double.Parse(Title.Split(", ")[^1].TrimEnd('%'), CultureInfo.InvariantCulture) / 100;

        public static Point Of(JsonElement e) => new(e.GetProperty("title").GetString()!, e.GetProperty("cx").GetDouble(), e.GetProperty("cy").GetDouble(),
            e.GetProperty("r").GetDouble(), e.GetProperty("fill").GetString()!, e.GetProperty("opacity").GetDouble(), e.GetProperty("shown").GetBoolean(),
            e.GetProperty("x").GetDouble(), e.GetProperty("y").GetDouble());

        /// <summary>The fill ("rgb(140, 149, 159)") at its opacity over the white page.</summary>
        public (int R, int G, int B) Composited()
        {
            var parts = Fill[(Fill.IndexOf('(', StringComparison.Ordinal) + 1)..Fill.IndexOf(')', StringComparison.Ordinal)].Split(',').Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            int Blend(double c) => (int)Math.Round(c * Opacity + 255 * (1 - Opacity));
            return (Blend(parts[0]), Blend(parts[1]), Blend(parts[2]));
        }
    }
}
