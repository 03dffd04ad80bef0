using System.Text;

namespace HarnessBench.Core.Audit.Scanning;

/// <summary>
/// The strings a small Python or JavaScript program (a <c>python -c</c> or <c>node -e</c> body, a
/// heredoc fed to an interpreter) builds: its literals, literals joined by <c>+</c>, by
/// <c>os.path.join</c>/<c>path.join</c>/<c>Path(...) / ...</c>, and literals that decode from
/// base64 or hex. Not an interpreter: enough to see <c>open('/te'+'sts/test.sh')</c>.
/// </summary>
internal static class ScriptStrings
{
    private const int MaxLiterals = 2000;

    public static IReadOnlyList<string> Extract(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var tokens = Tokenize(code);
        var results = new List<string>();
        for (var k = 0; k < tokens.Count; k++)
        {
            if (tokens[k].Literal is not { } first)
            {
                continue;
            }
            results.Add(first);
            results.AddRange(Decoded(first));
            // Chains: 'a' + 'b', Path('a') / 'b', and join('a', 'b') (separator ",").
            var joinCall = k >= 2 && tokens[k - 1].Text == "(" && tokens[k - 2].Text is "join" or "resolve" or "Path" or "PurePath";
            var text = new StringBuilder(first);
            var j = k;
            while (true)
            {
                // Path('/tests') / 'x': a closing parenthesis may sit between a literal and "/".
                var skip = j + 1 < tokens.Count && tokens[j + 1].Text == ")" && j + 2 < tokens.Count && tokens[j + 2].Text == "/" ? 1 : 0;
                if (j + skip + 2 >= tokens.Count || tokens[j + skip + 2].Literal is not { } next)
                {
                    break;
                }
                j += skip;
                var op = tokens[j + 1].Text;
                if (op == "+")
                {
                    text.Append(next);
                }
                else if (op == "/" || (op == "," && joinCall))
                {
                    text.Append('/').Append(next);
                }
                else
                {
                    break;
                }
                j += 2;
            }
            if (j > k)
            {
                results.Add(text.ToString());
                k = j;
            }
        }
        return results;
    }

    /// <summary>The program's string literals alone, in order (an argv list: <c>['bash', '/tests/test.sh']</c>).</summary>
    public static IReadOnlyList<string> Literals(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return [.. Tokenize(code).Select(t => t.Literal).OfType<string>()];
    }

    /// <summary>A literal's base64 or hex decoding when it decodes to printable text (an obfuscated path).</summary>
    public static IEnumerable<string> Decoded(string literal)
    {
        if (literal.Length < 8 || literal.Length > 4096)
        {
            yield break;
        }
        var bytes = new byte[literal.Length];
        if (Convert.TryFromBase64String(literal, bytes, out var written) && Printable(bytes.AsSpan(0, written)))
        {
            yield return Encoding.UTF8.GetString(bytes, 0, written);
        }
        if (literal.Length % 2 == 0 && literal.All(char.IsAsciiHexDigit))
        {
            var hex = Convert.FromHexString(literal);
            if (Printable(hex))
            {
                yield return Encoding.UTF8.GetString(hex);
            }
        }
    }

    private static bool Printable(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            return false;
        }
        foreach (var b in bytes)
        {
            if (b is < 0x20 and not (byte)'\n' and not (byte)'\t' || b >= 0x7f)
            {
                return false;
            }
        }
        return true;
    }

    private static List<Token> Tokenize(string code)
    {
        var tokens = new List<Token>();
        var literals = 0;
        for (var i = 0; i < code.Length && literals < MaxLiterals;)
        {
            var c = code[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '\'' or '"' or '`')
            {
                var triple = i + 2 < code.Length && code[i + 1] == c && code[i + 2] == c;
                var (value, end) = triple ? Triple(code, i, c) : Quoted(code, i, c);
                tokens.Add(new Token(value, value));
                literals++;
                i = end;
            }
            else if (char.IsLetterOrDigit(c) || c == '_')
            {
                var start = i;
                while (i < code.Length && (char.IsLetterOrDigit(code[i]) || code[i] == '_'))
                {
                    i++;
                }
                // A string prefix (r'', b'', f'') belongs to the literal that follows.
                if (i < code.Length && code[i] is '\'' or '"' && i - start <= 2 && code[start..i].All(ch => "rRbBfFuU".Contains(ch, StringComparison.Ordinal)))
                {
                    continue;
                }
                tokens.Add(Callee(code.AsSpan(start, i - start)));
            }
            else
            {
                tokens.Add(Operators.FirstOrDefault(t => t.Text[0] == c) ?? Other);
                i++;
            }
        }
        return tokens;
    }

    private static (string Value, int End) Quoted(string code, int start, char quote)
    {
        var text = new StringBuilder();
        var i = start + 1;
        while (i < code.Length && code[i] != quote && code[i] != '\n')
        {
            if (code[i] == '\\' && i + 1 < code.Length)
            {
                text.Append(code[i + 1] switch { 'n' => '\n', 't' => '\t', var other => other });
                i += 2;
                continue;
            }
            text.Append(code[i++]);
        }
        return (text.ToString(), i + 1);
    }

    private static (string Value, int End) Triple(string code, int start, char quote)
    {
        var delimiter = new string(quote, 3);
        var end = code.IndexOf(delimiter, start + 3, StringComparison.Ordinal);
        end = end < 0 ? code.Length : end;
        return (code[(start + 3)..end], Math.Min(code.Length, end + 3));
    }

    private sealed record Token(string Text, string? Literal);

    private static Token Callee(ReadOnlySpan<char> word)
    {
        foreach (var callee in Callees)
        {
            if (word.SequenceEqual(callee.Text))
            {
                return callee;
            }
        }
        return Other;
    }

    // Only these identifiers and operators matter to the chains above; everything else is one
    // shared token, so a multi-megabyte program costs no allocation per identifier.
    private static readonly Token Other = new("", null);
    private static readonly Token[] Callees = [new("join", null), new("resolve", null), new("Path", null), new("PurePath", null)];
    private static readonly Token[] Operators = [new("+", null), new("/", null), new(",", null), new("(", null), new(")", null)];
}
