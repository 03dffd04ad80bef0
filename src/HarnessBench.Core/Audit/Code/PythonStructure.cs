using System.Text.RegularExpressions;

namespace HarnessBench.Core.Audit.Code;

/// <summary>
/// Which lines of a Python file run when it is imported: those outside every def/class body and
/// outside an <c>if __name__ == "__main__":</c> block (a script's entry point, not load time).
/// Indentation-based, with continuation lines and triple-quoted strings skipped; good enough to tell
/// <c>sys.exit(main())</c> under a main guard from <c>sys.exit(0)</c> at the top of a module.
/// </summary>
internal static class PythonStructure
{
    private static readonly Regex Def = new(@"^\s*(async\s+def|def|class)\b", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private static readonly Regex MainGuard = new(@"^\s*if\s+__name__\s*==\s*['""]__main__['""]\s*:", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public static bool[] AtLoad(string[] lines)
    {
        var atLoad = new bool[lines.Length];
        var blocks = new Stack<(int Indent, bool Shields)>();
        var inString = false;
        var continued = false;
        var depth = 0;
        var statementAtLoad = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var quotes = CountTripleQuotes(line);
            if (inString)
            {
                if (quotes % 2 == 1) inString = false;
                atLoad[i] = false;
                continue;
            }
            var code = StripComment(line);
            if (continued)
            {
                atLoad[i] = statementAtLoad;
                depth = Math.Max(0, depth + Balance(code));
                continued = depth > 0 || code.TrimEnd().EndsWith('\\');
                continue;
            }
            if (code.Trim().Length == 0)
            {
                if (quotes % 2 == 1) inString = true;
                continue;
            }
            var indent = code.Length - code.TrimStart().Length;
            while (blocks.Count > 0 && blocks.Peek().Indent >= indent) blocks.Pop();
            statementAtLoad = !blocks.Any(b => b.Shields);
            atLoad[i] = statementAtLoad;
            if (code.TrimEnd().EndsWith(':')) blocks.Push((indent, Def.IsMatch(code) || MainGuard.IsMatch(code)));
            if (quotes % 2 == 1) inString = true;
            depth = Math.Max(0, Balance(code));
            continued = depth > 0 || code.TrimEnd().EndsWith('\\');
        }
        return atLoad;
    }

    private static int CountTripleQuotes(string line) =>
        Regex.Count(line, "\"\"\"|'''", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static string StripComment(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == '\\') i++;
                else if (c == quote) quote = '\0';
            }
            else if (c is '"' or '\'') quote = c;
            else if (c == '#') return line[..i];
        }
        return line;
    }

    private static int Balance(string code) => code.Count(c => c is '(' or '[' or '{') - code.Count(c => c is ')' or ']' or '}');
}
