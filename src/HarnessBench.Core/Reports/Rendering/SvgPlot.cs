using System.Globalization;
using System.Net;
using System.Text;

namespace HarnessBench.Core.Reports.Rendering;

/// <summary>Draws a <see cref="DocPlot"/> as an inline SVG scatter plot: axes, grid, points, the frontier line, labels.</summary>
public static class SvgPlot
{
    private const double Width = 760, Height = 380, Left = 64, Right = 24, Top = 20, Bottom = 52;
    private const int MaxLabels = 14;

    public static string Render(DocPlot plot)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"plot\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Esc(plot.Title)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        if (plot.Points.Count == 0)
        {
            sb.Append("<text x=\"20\" y=\"40\" class=\"axis\">no data</text></svg>");
            return sb.ToString();
        }

        var xs = plot.Points.Select(p => X(plot, p.X)).ToList();
        var (xMin, xMax) = Range(xs.Min(), xs.Max(), plot.LogX);
        double Px(double x) => Left + (X(plot, x) - xMin) / (xMax - xMin) * (Width - Left - Right);
        static double Py(double y) => Top + (1 - y) * (Height - Top - Bottom);

        // Grid and y axis (pass rate 0..100%).
        for (var i = 0; i <= 4; i++)
        {
            var y = Py(i / 4.0);
            sb.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Left - 8}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{i * 25}%</text>");
        }

        foreach (var tick in Ticks(xMin, xMax, plot.LogX))
        {
            var x = Left + (tick - xMin) / (xMax - xMin) * (Width - Left - Right);
            var label = plot.LogX ? Fmt.Num(Math.Pow(10, tick), "0.###") : Fmt.Num(tick, "0.##");
            sb.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{Top}\" y2=\"{Height - Bottom}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{x:0.#}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{label}</text>");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<line class=\"frame\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Height - Bottom}\" y2=\"{Height - Bottom}\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<line class=\"frame\" x1=\"{Left}\" x2=\"{Left}\" y1=\"{Top}\" y2=\"{Height - Bottom}\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 10}\" text-anchor=\"middle\">{Esc(plot.XLabel)}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" transform=\"translate(16 {(Top + Height - Bottom) / 2}) rotate(-90)\" text-anchor=\"middle\">{Esc(plot.YLabel)}</text>");

        if (plot.Line.Count > 1)
        {
            // A staircase: between two members, the better rate is only bought at the higher cost.
            var steps = plot.Line.Zip(plot.Line.Skip(1), (a, b) => new[] { (b.X, a.Y), (b.X, b.Y) }).SelectMany(s => s).Prepend((plot.Line[0].X, plot.Line[0].Y));
            var path = string.Join(" ", steps.Select(p => string.Create(CultureInfo.InvariantCulture, $"{Px(p.X):0.#},{Py(p.Y):0.#}")));
            sb.Append(CultureInfo.InvariantCulture, $"<polyline class=\"frontier\" points=\"{path}\"/>");
        }

        var labelAll = plot.Points.Count <= MaxLabels;
        foreach (var p in plot.Points.OrderBy(p => p.Highlight))
        {
            var (x, y) = (Px(p.X), Py(p.Y));
            sb.Append(CultureInfo.InvariantCulture, $"<circle class=\"{(p.Highlight ? "pt hi" : "pt")}\" cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"{(p.Highlight ? 6 : 4.5)}\"><title>{Esc(p.Label)}: {Fmt.Num(p.X, "0.##")}, {Fmt.Pct(p.Y)}</title></circle>");
            if (p.Tag is { } tag && (labelAll || p.Highlight))
            {
                var anchor = x > Width * 0.72 ? "end" : "start";
                var dx = anchor == "end" ? -9 : 9;
                sb.Append(CultureInfo.InvariantCulture, $"<text class=\"pl\" x=\"{x + dx:0.#}\" y=\"{y - 7:0.#}\" text-anchor=\"{anchor}\">{Esc(tag)}</text>");
            }
        }

        sb.Append("</svg>");
        return sb.ToString();
    }

    private static double X(DocPlot plot, double x) => plot.LogX ? Math.Log10(Math.Max(x, 1e-6)) : x;

    private static (double Min, double Max) Range(double min, double max, bool log)
    {
        if (log) return (Math.Floor(min), Math.Max(Math.Ceiling(max), Math.Floor(min) + 1));
        var lo = 0.0;
        var hi = max <= 0 ? 1 : max * 1.08;
        return (Math.Min(lo, min), hi);
    }

    private static List<double> Ticks(double min, double max, bool log)
    {
        if (log) return [.. Enumerable.Range((int)min, (int)(max - min) + 1).Select(i => (double)i)];
        var raw = (max - min) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        var ticks = new List<double>();
        for (var t = Math.Ceiling(min / step) * step; t <= max + 1e-9; t += step)
        {
            ticks.Add(Math.Round(t, 10));
        }

        return ticks;
    }

    internal static string Esc(string text) => WebUtility.HtmlEncode(text);
}
