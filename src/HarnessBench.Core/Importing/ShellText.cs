using System.Text;

namespace HarnessBench.Core.Importing;

/// <summary>
/// Just enough shell reading for importing: logical lines (backslash continuations joined, heredoc
/// bodies kept with their command), commands split at unquoted <c>&amp;&amp;</c>, <c>;</c> and <c>||</c>,
/// and words split at unquoted blanks with quotes removed. Not a shell: what it cannot read stays as text.
/// </summary>
internal static class ShellText
{
    /// <summary>Logical lines: continuations joined, a heredoc's body attached to the line that opens it.</summary>
    public static IReadOnlyList<string> Lines(string script)
    {
        var raw = script.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var lines = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < raw.Length; i++)
        {
            var line = raw[i];
            if (line.EndsWith('\\') && !line.EndsWith("\\\\", StringComparison.Ordinal))
            {
                current.Append(line[..^1]).Append(' ');
                continue;
            }
            current.Append(line);
            var text = current.ToString();
            current.Clear();
            if (HeredocTerminator(text) is { } terminator)
            {
                var body = new StringBuilder(text);
                while (++i < raw.Length)
                {
                    body.Append('\n').Append(raw[i]);
                    if (raw[i].Trim() == terminator) break;
                }
                text = body.ToString();
            }
            lines.Add(text);
        }
        if (current.Length > 0) lines.Add(current.ToString());
        return lines;
    }

    /// <summary>The word that ends a heredoc opened on this line (<c>&lt;&lt;'EOF'</c>, <c>&lt;&lt;-EOF</c>), or null.</summary>
    public static string? HeredocTerminator(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length - 1; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                continue;
            }
            if (c is '\'' or '"') quote = c;
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1]))) return null;
            else if (c == '<' && line[i + 1] == '<' && (i + 2 >= line.Length || line[i + 2] != '<'))
            {
                var rest = line[(i + 2)..].TrimStart('-').TrimStart();
                var word = new string([.. rest.TakeWhile(ch => !char.IsWhiteSpace(ch) && ch is not ';' and not '&' and not '|' and not ')')]);
                word = word.Trim('\'', '"');
                return word.Length > 0 ? word : null;
            }
        }
        return null;
    }

    /// <summary>Commands of one logical line, split at unquoted <c>&amp;&amp;</c>, <c>||</c> and <c>;</c> (heredoc bodies are not split).</summary>
    public static IReadOnlyList<string> Commands(string line)
    {
        var head = line.Split('\n')[0];
        if (line.Contains('\n', StringComparison.Ordinal)) return [line.Trim()];
        var commands = new List<string>();
        var current = new StringBuilder();
        var quote = '\0';
        for (var i = 0; i < head.Length; i++)
        {
            var c = head[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                current.Append(c);
                continue;
            }
            if (c is '\'' or '"')
            {
                quote = c;
                current.Append(c);
            }
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(head[i - 1])))
            {
                break;
            }
            else if (c == ';' || (c is '&' or '|' && i + 1 < head.Length && head[i + 1] == c))
            {
                Flush();
                if (c != ';') i++;
            }
            else
            {
                current.Append(c);
            }
        }
        Flush();
        return commands;

        void Flush()
        {
            var text = current.ToString().Trim();
            if (text.Length > 0) commands.Add(text);
            current.Clear();
        }
    }

    /// <summary>Words of a simple command, quotes removed (no expansion).</summary>
    public static IReadOnlyList<string> Words(string command)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var quote = '\0';
        var inWord = false;
        foreach (var c in command)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else current.Append(c);
                continue;
            }
            if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(current.ToString());
                current.Clear();
                inWord = false;
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }
        if (inWord) words.Add(current.ToString());
        return words;
    }
}
