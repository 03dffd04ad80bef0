namespace HarnessBench.Core.Reports.Rendering;

/// <summary>
/// A report laid out as sections of tables and text, independent of the output format: markdown and
/// HTML render the same document, so both always show the same numbers. Plots are HTML-only; markdown
/// shows their data as tables.
/// </summary>
public sealed record ReportDocument(string Title, IReadOnlyList<string> Facts, IReadOnlyList<DocSection> Sections);

/// <param name="Id">Anchor id ("leaderboard").</param>
public sealed record DocSection(string Id, string Title, IReadOnlyList<DocBlock> Blocks)
{
    /// <summary>Only the HTML report shows it (e.g. the per-cell table: report.md stays readable; cells.csv has the same rows).</summary>
    public bool HtmlOnly { get; init; }
}

/// <summary>One piece of a section.</summary>
public abstract record DocBlock;

/// <summary>A paragraph; `code` spans are allowed.</summary>
public sealed record DocText(string Text) : DocBlock;

/// <summary>A table; numeric columns are right-aligned.</summary>
/// <param name="Numeric">Per column: right-align.</param>
public sealed record DocTable(string? Caption, IReadOnlyList<string> Headers, IReadOnlyList<bool> Numeric, IReadOnlyList<IReadOnlyList<DocCell>> Rows) : DocBlock;

/// <param name="Heat">0..1: HTML colours the cell (heatmaps); null: plain.</param>
public sealed record DocCell(string Text, double? Heat = null)
{
    /// <summary>The value the HTML report sorts the column by when its header is clicked (null: the text).</summary>
    public double? Sort { get; init; }

    /// <summary>A link target (relative URL) for the HTML report; markdown shows the text only.</summary>
    public string? Href { get; init; }

    public static implicit operator DocCell(string text) => new(text);

    public static DocCell FromString(string text) => new(text);
}

/// <summary>An SVG scatter plot (HTML only).</summary>
public sealed record DocPlot(string Title, string XLabel, string YLabel, IReadOnlyList<PlotPoint> Points, IReadOnlyList<PlotPoint> Line, bool LogX) : DocBlock;

/// <param name="Highlight">Drawn emphasized (frontier members).</param>
/// <remarks><see cref="Tag"/> is the text drawn next to the point (null: none; the label is the tooltip).</remarks>
public sealed record PlotPoint(string Label, double X, double Y, bool Highlight)
{
    public string? Tag { get; init; } = Label;
}
