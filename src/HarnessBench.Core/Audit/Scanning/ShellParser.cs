using System.Globalization;
using System.Text;

namespace HarnessBench.Core.Audit.Scanning;

/// <summary>
/// A forgiving POSIX-shell tokenizer and parser for the commands agents run: quotes, escapes,
/// <c>$'...'</c>, variables, <c>$(...)</c> and backticks (recursively), process substitution,
/// pipes, <c>&amp;&amp;</c>/<c>||</c>/<c>;</c>/<c>&amp;</c>, subshells and groups, redirections,
/// heredocs and here-strings. It never throws: malformed input (an unclosed quote) yields what
/// was read so far, because an audit must still look at a command the shell would reject.
/// </summary>
internal sealed class ShellParser
{
    private const int MaxDepth = 32;
    private readonly string s;
    private readonly int depth;
    private readonly List<(SimpleCommandBuilder Command, string Delimiter, bool StripTabs)> pendingHeredocs = [];
    private int i;

    private ShellParser(string text, int depth)
    {
        s = text;
        this.depth = depth;
    }

    public static ShellList Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new ShellParser(text, 0).ParseList('\0');
    }

    private bool At(char c, int offset = 0) => i + offset < s.Length && s[i + offset] == c;

    private bool AtEnd => i >= s.Length;

    private ShellList ParseList(char until)
    {
        var pipelines = new List<Pipeline>();
        while (true)
        {
            SkipBlanks();
            if (AtEnd)
            {
                break;
            }
            var c = s[i];
            if (c == until && until != '\0')
            {
                i++;
                break;
            }
            switch (c)
            {
                case '#':
                    while (!AtEnd && s[i] != '\n')
                    {
                        i++;
                    }
                    continue;
                case '\n':
                    i++;
                    ReadHeredocs();
                    continue;
                case ';' or '&' or '|' or ')':
                    // Separators, "&&", "||", and a stray ")" (a case arm) all just move on.
                    i++;
                    continue;
                default:
                    break;
            }
            var pipeline = ParsePipeline(until);
            if (pipeline.Commands.Count > 0)
            {
                pipelines.Add(pipeline);
            }
        }
        return new ShellList(pipelines);
    }

    private Pipeline ParsePipeline(char until)
    {
        var commands = new List<ShellCommand>();
        while (true)
        {
            SkipBlanks();
            if (ParseCommand(until) is { } command)
            {
                commands.Add(command);
            }
            SkipBlanks();
            if (At('|') && !At('|', 1))
            {
                i++;
                if (At('&'))
                {
                    i++;
                }
                SkipBlanksAndNewlines();
                continue;
            }
            return new Pipeline(commands);
        }
    }

    private ShellCommand? ParseCommand(char until)
    {
        if (AtEnd)
        {
            return null;
        }
        if (At('(') && !At('(', 1))
        {
            i++;
            return new GroupCommand(Nested(')'), Subshell: true);
        }
        if (At('{') && (At(' ', 1) || At('\n', 1) || At('\t', 1)))
        {
            i++;
            return new GroupCommand(Nested('}'));
        }
        var builder = new SimpleCommandBuilder();
        while (true)
        {
            SkipBlanks();
            if (AtEnd)
            {
                break;
            }
            var c = s[i];
            if (c == until && until != '\0' && (until != '}' || builder.Words.Count == 0))
            {
                break;
            }
            if (c is '\n' or ';' or '|' or ')' || (c == '&' && !At('>', 1)))
            {
                break;
            }
            if ((c is '<' or '>') && At('(', 1))
            {
                builder.Words.Add(ParseWord());
                continue;
            }
            if (RedirectOperator() is { } op)
            {
                SkipBlanks();
                var target = ParseWord();
                if (op is "<<" or "<<-")
                {
                    pendingHeredocs.Add((builder, target.ToString(), op == "<<-"));
                }
                else if (op == "<<<")
                {
                    builder.StdinText = target.ToString();
                }
                builder.Redirects.Add(new ShellRedirect(op, target));
                continue;
            }
            var word = ParseWord();
            if (word.Parts.Count == 0)
            {
                // Nothing consumable here (should not happen): skip a char rather than loop forever.
                i++;
                continue;
            }
            builder.Words.Add(word);
        }
        return builder.Words.Count == 0 && builder.Redirects.Count == 0 ? null : builder.Build();
    }

    /// <summary>Reads a redirection operator at the cursor (with an optional fd number), or returns null.</summary>
    private string? RedirectOperator()
    {
        var start = i;
        var j = i;
        while (j < s.Length && char.IsAsciiDigit(s[j]))
        {
            j++;
        }
        if (j < s.Length && s[j] == '&' && j + 1 < s.Length && s[j + 1] == '>' && j == start)
        {
            j += 2;
            var append = j < s.Length && s[j] == '>';
            i = append ? j + 1 : j;
            return append ? "&>>" : "&>";
        }
        if (j >= s.Length || (s[j] != '<' && s[j] != '>'))
        {
            return null;
        }
        string[] operators = ["<<<", "<<-", "<<", ">>", ">|", ">&", "<&", "<>", ">", "<"];
        foreach (var op in operators)
        {
            if (string.CompareOrdinal(s, j, op, 0, op.Length) == 0)
            {
                i = j + op.Length;
                return op;
            }
        }
        return null;
    }

    private ShellWord ParseWord()
    {
        var parts = new List<WordPart>();
        var literal = new StringBuilder();
        void FlushLiteral()
        {
            if (literal.Length > 0)
            {
                parts.Add(new LiteralPart(literal.ToString()));
                literal.Clear();
            }
        }
        void AddPart(WordPart part)
        {
            FlushLiteral();
            parts.Add(part);
        }

        if ((At('<') || At('>')) && At('(', 1))
        {
            i += 2;
            AddPart(new SubstitutionPart(Nested(')')));
            return new ShellWord(parts);
        }
        // '' and "" are words too (sed '' FILE, grep -r '' DIR): without this flag they would vanish.
        var quoted = false;
        while (!AtEnd)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c) || c is ';' or '&' or '|' or '<' or '>' or '(' or ')')
            {
                break;
            }
            switch (c)
            {
                case '\\':
                    if (i + 1 < s.Length && s[i + 1] != '\n')
                    {
                        literal.Append(s[i + 1]);
                    }
                    i += 2;
                    break;
                case '\'':
                    quoted = true;
                    var close = s.IndexOf('\'', i + 1);
                    close = close < 0 ? s.Length : close;
                    literal.Append(s, i + 1, close - i - 1);
                    i = close + 1;
                    break;
                case '"':
                    quoted = true;
                    i++;
                    DoubleQuoted(literal, AddPart);
                    break;
                case '`':
                    AddPart(new SubstitutionPart(Backticks()));
                    break;
                case '$':
                    quoted |= At('\'', 1);
                    Dollar(literal, AddPart, quoted: false);
                    break;
                case '{' when BraceOptions() is { } options:
                    AddPart(new BracePart(options));
                    break;
                default:
                    literal.Append(c);
                    i++;
                    break;
            }
        }
        FlushLiteral();
        if (parts.Count == 0 && quoted)
        {
            parts.Add(new LiteralPart(""));
        }
        return new ShellWord(parts);
    }

    /// <summary>
    /// Brace expansion at the cursor (<c>{,.bak}</c>, <c>{a,b}.py</c>): the options, with the cursor
    /// past the group, or null when this is no simple brace group (<c>{}</c>, <c>${x}</c>, a group with quotes or nesting).
    /// </summary>
    private string[]? BraceOptions()
    {
        var close = i + 1;
        while (close < s.Length && s[close] != '}')
        {
            if (char.IsWhiteSpace(s[close]) || s[close] is '{' or '\'' or '"' or '$' or '`' or '\\' or ';' or '|' or '&' or '<' or '>' or '(' or ')')
            {
                return null;
            }
            close++;
        }
        if (close >= s.Length || !s.AsSpan(i + 1, close - i - 1).Contains(','))
        {
            return null;
        }
        var options = s[(i + 1)..close].Split(',');
        i = close + 1;
        return options;
    }

    private void DoubleQuoted(StringBuilder literal, Action<WordPart> addPart)
    {
        while (!AtEnd && s[i] != '"')
        {
            var c = s[i];
            if (c == '\\' && i + 1 < s.Length && s[i + 1] is '$' or '`' or '"' or '\\' or '\n')
            {
                if (s[i + 1] != '\n')
                {
                    literal.Append(s[i + 1]);
                }
                i += 2;
            }
            else if (c == '`')
            {
                addPart(new SubstitutionPart(Backticks()));
            }
            else if (c == '$')
            {
                Dollar(literal, addPart, quoted: true);
            }
            else
            {
                literal.Append(c);
                i++;
            }
        }
        i++;
    }

    private void Dollar(StringBuilder literal, Action<WordPart> addPart, bool quoted)
    {
        if (At('(', 1) && At('(', 2))
        {
            // Arithmetic: kept as text, it never names a file.
            var end = s.IndexOf("))", i, StringComparison.Ordinal);
            end = end < 0 ? s.Length : end + 2;
            literal.Append(s, i, end - i);
            i = end;
        }
        else if (At('(', 1))
        {
            i += 2;
            addPart(new SubstitutionPart(Nested(')')));
        }
        else if (At('{', 1))
        {
            var end = s.IndexOf('}', i);
            end = end < 0 ? s.Length : end;
            var inner = s[(i + 2)..end];
            var name = new string(inner.TakeWhile(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_').ToArray());
            addPart(new VariablePart(name));
            i = Math.Min(end + 1, s.Length);
        }
        else if (!quoted && At('\'', 1))
        {
            i += 2;
            AnsiC(literal);
        }
        else if (i + 1 < s.Length && (char.IsAsciiLetter(s[i + 1]) || s[i + 1] == '_'))
        {
            var start = ++i;
            while (!AtEnd && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_'))
            {
                i++;
            }
            addPart(new VariablePart(s[start..i]));
        }
        else if (i + 1 < s.Length && (char.IsAsciiDigit(s[i + 1]) || s[i + 1] is '@' or '*' or '#' or '?' or '$' or '!' or '-'))
        {
            addPart(new VariablePart(s[(i + 1)..(i + 2)]));
            i += 2;
        }
        else
        {
            literal.Append('$');
            i++;
        }
    }

    /// <summary>Bash's <c>$'...'</c>: backslash escapes, <c>\xHH</c> and octal <c>\NNN</c> included.</summary>
    private void AnsiC(StringBuilder literal)
    {
        while (!AtEnd && s[i] != '\'')
        {
            if (s[i] != '\\' || i + 1 >= s.Length)
            {
                literal.Append(s[i++]);
                continue;
            }
            var e = s[i + 1];
            i += 2;
            switch (e)
            {
                case 'n': literal.Append('\n'); break;
                case 't': literal.Append('\t'); break;
                case 'r': literal.Append('\r'); break;
                case 'x':
                    var hex = TakeWhile(2, char.IsAsciiHexDigit);
                    literal.Append(hex.Length > 0 ? (char)int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture) : 'x');
                    break;
                case >= '0' and <= '7':
                    i--;
                    var oct = TakeWhile(3, ch => ch is >= '0' and <= '7');
                    literal.Append((char)Convert.ToInt32(oct, 8));
                    break;
                default: literal.Append(e); break;
            }
        }
        i++;
    }

    private string TakeWhile(int max, Func<char, bool> accept)
    {
        var start = i;
        while (!AtEnd && i - start < max && accept(s[i]))
        {
            i++;
        }
        return s[start..i];
    }

    private ShellList Nested(char until)
    {
        if (depth >= MaxDepth)
        {
            i = s.Length;
            return new ShellList([]);
        }
        var inner = new ShellParser(s, depth + 1) { i = i };
        var list = inner.ParseList(until);
        i = inner.i;
        return list;
    }

    private ShellList Backticks()
    {
        var text = new StringBuilder();
        i++;
        while (!AtEnd && s[i] != '`')
        {
            if (s[i] == '\\' && i + 1 < s.Length && s[i + 1] is '`' or '\\' or '$')
            {
                i++;
            }
            text.Append(s[i++]);
        }
        i++;
        return depth >= MaxDepth ? new ShellList([]) : new ShellParser(text.ToString(), depth + 1).ParseList('\0');
    }

    /// <summary>After a newline, pending heredocs take the following lines up to their delimiter.</summary>
    private void ReadHeredocs()
    {
        foreach (var (command, delimiter, stripTabs) in pendingHeredocs)
        {
            var body = new StringBuilder();
            while (!AtEnd)
            {
                var end = s.IndexOf('\n', i);
                var line = end < 0 ? s[i..] : s[i..end];
                i = end < 0 ? s.Length : end + 1;
                var compare = stripTabs ? line.TrimStart('\t') : line;
                if (compare.TrimEnd('\r') == delimiter)
                {
                    break;
                }
                body.Append(compare).Append('\n');
            }
            command.StdinText = body.ToString();
        }
        pendingHeredocs.Clear();
    }

    private void SkipBlanks()
    {
        while (!AtEnd && (s[i] is ' ' or '\t' or '\r' || (s[i] == '\\' && At('\n', 1))))
        {
            i += s[i] == '\\' ? 2 : 1;
        }
    }

    private void SkipBlanksAndNewlines()
    {
        while (!AtEnd && char.IsWhiteSpace(s[i]))
        {
            i++;
        }
    }

    /// <summary>Mutable while parsing (a heredoc body arrives after the command line ends).</summary>
    private sealed class SimpleCommandBuilder
    {
        private SimpleCommand? built;

        public List<ShellWord> Words { get; } = [];

        public List<ShellRedirect> Redirects { get; } = [];

        public string? StdinText
        {
            get => built?.StdinText;
            set
            {
                Build();
                built!.StdinText = value;
            }
        }

        public SimpleCommand Build() => built ??= new SimpleCommand(Words, Redirects);
    }
}
