using System.Globalization;
using System.Text;

namespace HarnessBench.Core.Importing;

/// <summary>
/// The TOML that Harbor's task.toml uses: tables, dotted keys, strings (basic, literal, multi-line),
/// numbers, booleans, arrays and inline tables; arrays of tables are read as lists. Values are
/// string, long, double, bool, List&lt;object&gt; or Dictionary&lt;string, object&gt;.
/// </summary>
internal sealed class MiniToml
{
    private readonly string _text;
    private int _pos;

    private MiniToml(string text) => _text = text.Replace("\r\n", "\n", StringComparison.Ordinal);

    public static Dictionary<string, object> Parse(string text)
    {
        var parser = new MiniToml(text);
        try
        {
            return parser.Document();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidCastException or IndexOutOfRangeException)
        {
            var line = parser._text[..Math.Min(parser._pos, parser._text.Length)].Count(c => c == '\n') + 1;
            throw new FormatException($"task.toml line {line}: {e.Message}", e);
        }
    }

    /// <summary>The value at a dotted path ("environment.cpus"), or null.</summary>
    public static object? Get(Dictionary<string, object> root, string path)
    {
        object? current = root;
        foreach (var part in path.Split('.'))
            current = current is Dictionary<string, object> table && table.TryGetValue(part, out var next) ? next : null;
        return current;
    }

    private Dictionary<string, object> Document()
    {
        var root = new Dictionary<string, object>(StringComparer.Ordinal);
        var table = root;
        while (true)
        {
            SkipBlankLines();
            if (_pos >= _text.Length) return root;
            if (_text[_pos] == '[')
            {
                var array = _pos + 1 < _text.Length && _text[_pos + 1] == '[';
                _pos += array ? 2 : 1;
                var keys = Key();
                Expect(array ? "]]" : "]");
                table = array ? NewArrayTable(root, keys) : Table(root, keys);
                EndOfLine();
                continue;
            }
            var path = Key();
            SkipSpaces();
            Expect("=");
            SkipSpaces();
            var value = Value();
            Table(table, path[..^1])[path[^1]] = value;
            EndOfLine();
        }
    }

    private static Dictionary<string, object> Table(Dictionary<string, object> root, IEnumerable<string> keys)
    {
        var table = root;
        foreach (var key in keys)
        {
            if (!table.TryGetValue(key, out var next))
                table[key] = next = new Dictionary<string, object>(StringComparer.Ordinal);
            table = next is List<object> list && list.Count > 0 ? (Dictionary<string, object>)list[^1] : (Dictionary<string, object>)next;
        }
        return table;
    }

    private static Dictionary<string, object> NewArrayTable(Dictionary<string, object> root, List<string> keys)
    {
        var parent = Table(root, keys[..^1]);
        if (!parent.TryGetValue(keys[^1], out var existing)) parent[keys[^1]] = existing = new List<object>();
        var item = new Dictionary<string, object>(StringComparer.Ordinal);
        ((List<object>)existing).Add(item);
        return item;
    }

    private List<string> Key()
    {
        var parts = new List<string>();
        while (true)
        {
            SkipSpaces();
            var c = _text[_pos];
            if (c is '"' or '\'') parts.Add((string)Value());
            else
            {
                var start = _pos;
                while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '-')) _pos++;
                if (_pos == start) throw new FormatException($"a key was expected at '{Peek()}'");
                parts.Add(_text[start.._pos]);
            }
            SkipSpaces();
            if (_pos < _text.Length && _text[_pos] == '.')
            {
                _pos++;
                continue;
            }
            return parts;
        }
    }

    private object Value()
    {
        var c = _text[_pos];
        if (_text.AsSpan(_pos).StartsWith("\"\"\"")) return MultiLine("\"\"\"", escapes: true);
        if (_text.AsSpan(_pos).StartsWith("'''")) return MultiLine("'''", escapes: false);
        if (c == '"') return BasicString();
        if (c == '\'')
        {
            var end = _text.IndexOf('\'', _pos + 1);
            var literal = _text[(_pos + 1)..end];
            _pos = end + 1;
            return literal;
        }
        if (c == '[') return Array();
        if (c == '{') return InlineTable();
        var start = _pos;
        while (_pos < _text.Length && _text[_pos] is not (',' or ']' or '}' or '\n' or '#')) _pos++;
        var token = _text[start.._pos].Trim();
        if (token == "true") return true;
        if (token == "false") return false;
        var number = token.Replace("_", "", StringComparison.Ordinal);
        if (long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)) return integer;
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)) return real;
        return token; // dates and the like: kept as text
    }

    private string BasicString()
    {
        var builder = new StringBuilder();
        _pos++;
        while (_text[_pos] != '"')
        {
            if (_text[_pos] == '\\') builder.Append(Escape());
            else builder.Append(_text[_pos++]);
        }
        _pos++;
        return builder.ToString();
    }

    private string MultiLine(string quote, bool escapes)
    {
        _pos += 3;
        if (_pos < _text.Length && _text[_pos] == '\n') _pos++;
        var builder = new StringBuilder();
        while (!_text.AsSpan(_pos).StartsWith(quote))
        {
            if (escapes && _text[_pos] == '\\')
            {
                if (_pos + 1 < _text.Length && _text[_pos + 1] == '\n')
                {
                    _pos++;
                    while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
                    continue;
                }
                builder.Append(Escape());
            }
            else
            {
                builder.Append(_text[_pos++]);
            }
        }
        _pos += 3;
        return builder.ToString();
    }

    private string Escape()
    {
        var c = _text[_pos + 1];
        _pos += 2;
        switch (c)
        {
            case 'n': return "\n";
            case 't': return "\t";
            case 'r': return "\r";
            case '"': return "\"";
            case '\\': return "\\";
            case 'u' or 'U':
                var length = c == 'u' ? 4 : 8;
                var code = int.Parse(_text.AsSpan(_pos, length), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                _pos += length;
                return char.ConvertFromUtf32(code);
            default: return c.ToString();
        }
    }

    private List<object> Array()
    {
        var items = new List<object>();
        _pos++;
        while (true)
        {
            SkipBlankLines();
            if (_text[_pos] == ']')
            {
                _pos++;
                return items;
            }
            items.Add(Value());
            SkipBlankLines();
            if (_text[_pos] == ',') _pos++;
        }
    }

    private Dictionary<string, object> InlineTable()
    {
        var table = new Dictionary<string, object>(StringComparer.Ordinal);
        _pos++;
        while (true)
        {
            SkipSpaces();
            if (_text[_pos] == '}')
            {
                _pos++;
                return table;
            }
            var path = Key();
            SkipSpaces();
            Expect("=");
            SkipSpaces();
            Table(table, path[..^1])[path[^1]] = Value();
            SkipSpaces();
            if (_text[_pos] == ',') _pos++;
        }
    }

    private void SkipSpaces()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t') _pos++;
    }

    private void SkipBlankLines()
    {
        while (_pos < _text.Length)
        {
            if (char.IsWhiteSpace(_text[_pos])) _pos++;
            else if (_text[_pos] == '#')
                while (_pos < _text.Length && _text[_pos] != '\n') _pos++;
            else break;
        }
    }

    private void EndOfLine()
    {
        SkipSpaces();
        if (_pos < _text.Length && _text[_pos] == '#')
            while (_pos < _text.Length && _text[_pos] != '\n') _pos++;
        if (_pos < _text.Length && _text[_pos] != '\n') throw new FormatException($"unexpected '{Peek()}' after a value");
    }

    private void Expect(string token)
    {
        if (!_text.AsSpan(_pos).StartsWith(token)) throw new FormatException($"'{token}' was expected at '{Peek()}'");
        _pos += token.Length;
    }

    private string Peek() => _text.Substring(_pos, Math.Min(20, _text.Length - _pos)).Split('\n')[0];
}
