using System.Text;

namespace HarnessBench.Core.Reports.Rendering;

/// <summary>Renders a <see cref="ReportDocument"/> as GitHub-flavoured markdown (plots become their tables).</summary>
public static class MarkdownReport
{
    public static string Render(ReportDocument doc)
    {
        var sb = new StringBuilder();
        sb.Append("# ").Append(doc.Title).Append("\n\n");
        foreach (var fact in doc.Facts)
        {
            sb.Append("- ").Append(fact).Append('\n');
        }

        sb.Append('\n');
        var sections = doc.Sections.Where(s => !s.HtmlOnly).ToList();
        sb.Append("Sections: ").AppendJoin(" · ", sections.Select(s => $"[{s.Title}](#{s.Id})")).Append("\n\n");
        foreach (var section in sections)
        {
            sb.Append("<a id=\"").Append(section.Id).Append("\"></a>\n\n## ").Append(section.Title).Append("\n\n");
            foreach (var block in section.Blocks)
            {
                switch (block)
                {
                    case DocText text:
                        sb.Append(text.Text).Append("\n\n");
                        break;
                    case DocTable table:
                        AppendTable(sb, table);
                        break;
                    default:
                        // Plots: the HTML report draws them; their data is in the tables next to them.
                        break;
                }
            }
        }

        return sb.ToString();
    }

    private static void AppendTable(StringBuilder sb, DocTable table)
    {
        if (table.Caption is not null) sb.Append("**").Append(table.Caption).Append("**\n\n");
        if (table.Rows.Count == 0)
        {
            sb.Append("_none_\n\n");
            return;
        }

        sb.Append('|');
        foreach (var h in table.Headers)
        {
            sb.Append(' ').Append(Escape(h)).Append(" |");
        }

        sb.Append("\n|");
        foreach (var numeric in table.Numeric)
        {
            sb.Append(numeric ? " ---: |" : " --- |");
        }

        sb.Append('\n');
        foreach (var row in table.Rows)
        {
            sb.Append('|');
            foreach (var cell in row)
            {
                sb.Append(' ').Append(Escape(cell.Text)).Append(" |");
            }

            sb.Append('\n');
        }

        sb.Append('\n');
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
