using System.Text;

namespace HarnessBench.Cli.Viewer;

/// <summary>Live pages come from the server (filters run there); exported pages are static files.</summary>
internal enum ViewMode
{
    Live,
    Export,
}

/// <summary>
/// Where a page sits: <see cref="Root"/> is the relative prefix back to the site root ("", "../../"),
/// so that every link is relative and the same pages work served and exported.
/// </summary>
internal sealed record PageContext(ViewMode Mode, string Root)
{
    public bool Export => Mode == ViewMode.Export;
}

/// <summary>The frame of every page: head with the inline style, the breadcrumb bar, the script.</summary>
internal static class PageShell
{
    public static StringBuilder Begin(PageContext page, string title, params (string Text, string? Href)[] crumbs)
    {
        var sb = new StringBuilder(64 * 1024);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Esc(ViewAssets.ContentSecurityPolicy).Append("\">\n")
            .Append("<meta name=\"referrer\" content=\"no-referrer\">\n")
            .Append("<title>").Esc(title).Append(" · HarnessBench</title>\n<style>").Append(ViewAssets.Css).Append("</style>\n</head>\n")
            .Append("<body data-mode=\"").Append(page.Export ? "export" : "live").Append("\">\n<div class=\"top\">");
        sb.Link(page.Root + "index.html", "HarnessBench runs");
        foreach (var (text, href) in crumbs)
        {
            sb.Append("<span class=\"sep\">›</span>");
            if (href is null) sb.Append("<span>").Esc(text).Append("</span>");
            else sb.Link(href, text);
        }

        return sb.Append("</div>\n<main>\n");
    }

    public static string End(StringBuilder sb, PageContext page)
    {
        sb.Append("<footer>HarnessBench viewer")
            .Append(page.Export ? " (static export: <code>hbench view --export</code>)" : " (<code>hbench view</code>)")
            .Append(". Pass rates are over graded cells with Wilson 95% intervals; errors are never counted as fails.</footer>\n</main>\n<script>")
            .Append(ViewAssets.Script).Append("</script>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>A verdict badge: pass / fail / error.</summary>
    public static StringBuilder Verdict(this StringBuilder sb, string verdict, string? extra = null, bool big = false) =>
        sb.Append("<span class=\"b b-").Append(verdict switch { "pass" => "pass", "fail" => "fail", _ => "error" })
            .Append(big ? " big" : "").Append("\">").Esc(verdict).Append(extra is null ? "" : " ").Esc(extra).Append("</span>");

    /// <summary>An audit label badge (clean ... tamper, unaudited).</summary>
    public static StringBuilder AuditBadge(this StringBuilder sb, string label, string? text = null, bool big = false)
    {
        var cls = label is "clean" or "mention" or "probe" or "read" or "execute" or "tamper" ? label : "unaudited";
        return sb.Append("<span class=\"b a-").Append(cls).Append(big ? " big" : "").Append("\" title=\"audit label\">").Esc(text ?? label).Append("</span>");
    }
}
