using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace HarnessBench.Cli.Viewer;

/// <summary>
/// Escaping for everything the viewer prints. Trajectories, logs, file names and audit snippets are
/// written by the agent or the model: hostile content. Every piece of text goes through
/// <see cref="Esc(StringBuilder, string?)"/> (element text and double-quoted attribute values alike),
/// and every URL the pages build is made of <see cref="Seg"/>-escaped path segments behind a fixed
/// relative prefix, so no agent string can open a tag, close an attribute or choose a URL scheme.
/// </summary>
internal static partial class Html
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Appends <paramref name="text"/> with &amp; &lt; &gt; " ' escaped (safe in text and in quoted attributes).</summary>
    public static StringBuilder Esc(this StringBuilder sb, string? text)
    {
        if (string.IsNullOrEmpty(text)) return sb;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var replacement = text[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '\0' => "\uFFFD",
                _ => null,
            };
            if (replacement is null) continue;
            sb.Append(text, start, i - start).Append(replacement);
            start = i + 1;
        }

        return sb.Append(text, start, text.Length - start);
    }

    public static string E(string? text) => new StringBuilder().Esc(text).ToString();

    /// <summary>One URL path segment, percent-encoded ('/' included, so it stays one segment).</summary>
    public static string Seg(string segment) => Uri.EscapeDataString(segment);

    /// <summary>A '/'-separated relative path with each segment percent-encoded.</summary>
    public static string Path(string relative) => string.Join('/', relative.Split('/').Select(Seg));

    /// <summary>
    /// Text as a terminal would show it: ANSI colour sequences and other control characters removed
    /// (newlines and tabs kept), so tool output reads in a browser.
    /// </summary>
    public static string Display(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var cleaned = Ansi().Replace(text, "");
        if (!cleaned.Any(c => char.IsControl(c) && c is not '\n' and not '\t')) return cleaned;
        var sb = new StringBuilder(cleaned.Length);
        foreach (var c in cleaned)
        {
            if (c == '\r') continue;
            sb.Append(char.IsControl(c) && c is not '\n' and not '\t' ? '\uFFFD' : c);
        }

        return sb.ToString();
    }

    /// <summary>An HTML attribute value that is a relative link built by the viewer (segments already encoded).</summary>
    public static StringBuilder Href(this StringBuilder sb, string href) => sb.Append(" href=\"").Esc(href).Append('"');

    /// <summary>A link with escaped text.</summary>
    public static StringBuilder Link(this StringBuilder sb, string href, string? text, string? cls = null)
    {
        sb.Append("<a");
        if (cls is not null) sb.Append(" class=\"").Append(cls).Append('"');
        return sb.Href(href).Append('>').Esc(text).Append("</a>");
    }

    public static string Num(long value) => value.ToString("#,0", Inv);

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(Inv) + " B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", Inv) + " KiB",
        _ => (bytes / 1048576.0).ToString("0.0", Inv) + " MiB",
    };

    /// <summary>First line, at most <paramref name="max"/> characters, with an ellipsis when cut.</summary>
    public static string Preview(string? text, int max)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var line = text.AsSpan().TrimStart();
        var newline = line.IndexOf('\n');
        var first = newline < 0 ? line : line[..newline];
        return first.Length <= max && newline < 0 ? first.ToString() : string.Concat(first[..Math.Min(first.Length, max)], "…");
    }

    [GeneratedRegex(@"\x1B(?:\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1B]*(?:\x07|\x1B\\)?|[@-Z\\-_])")]
    private static partial Regex Ansi();
}
