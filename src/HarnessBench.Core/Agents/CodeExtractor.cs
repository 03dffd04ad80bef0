using System.Text.RegularExpressions;

namespace HarnessBench.Core.Agents;

/// <summary>What was taken from a reply, and by which rule (recorded in the agent log).</summary>
/// <param name="Code">The file content to write; null when the reply holds no code.</param>
public sealed record ExtractedCode(string? Code, string Rule);

/// <summary>
/// Takes the answer file's code out of a model reply. The rules, in order:
/// 1. Fenced blocks (``` or ~~~, optional language tag): among blocks whose tag names the file's
///    language (by extension: .py → python/py/python3, .sql → sql/sqlite...), the largest; else the largest
///    untagged block; else the largest block of any tag.
/// 2. No fence: the whole reply, minus leading and trailing prose lines (a prose line is a sentence:
///    it starts with a letter, has at least three words, and holds none of the characters code lines
///    have, such as ( ) = { } ; # or quotes (apostrophes inside words are fine), nor a leading keyword
///    like def, import, SELECT).
/// An empty or prose-only reply gives no code (the cell's workspace is graded unchanged and fails).
/// </summary>
public static partial class CodeExtractor
{
    private static readonly Dictionary<string, string[]> TagsByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".py"] = ["python", "py", "python3"],
        [".sql"] = ["sql", "sqlite", "sqlite3", "postgresql", "mysql"],
        [".js"] = ["javascript", "js", "node", "mjs"],
        [".mjs"] = ["javascript", "js", "mjs"],
        [".ts"] = ["typescript", "ts"],
        [".sh"] = ["bash", "sh", "shell", "zsh"],
        [".rs"] = ["rust", "rs"],
        [".c"] = ["c"],
        [".h"] = ["c", "h"],
        [".cpp"] = ["cpp", "c++", "cxx"],
        [".cc"] = ["cpp", "c++", "cc"],
        [".go"] = ["go", "golang"],
        [".java"] = ["java"],
        [".rb"] = ["ruby", "rb"],
    };

    private static readonly System.Buffers.SearchValues<char> CodeCharacters = System.Buffers.SearchValues.Create("(){}[]=;<>#\"'`|$");

    private static readonly string[] CodeStarts =
    [
        "import ", "from ", "def ", "class ", "async ", "return ", "if ", "for ", "while ", "with ", "try:", "print",
        "select ", "with ", "insert ", "create ", "update ", "delete ", "--", "//", "/*", "#", "@",
        "fn ", "use ", "let ", "const ", "var ", "function ", "package ", "pub ", "int ", "void ", "struct ", "export ",
    ];

    public static ExtractedCode Extract(string? reply, string fileName)
    {
        if (string.IsNullOrWhiteSpace(reply)) return new ExtractedCode(null, "empty reply");
        var text = reply.ReplaceLineEndings("\n");
        var blocks = Fences().Matches(text).Select(m => (Tag: FirstWord(m.Groups["tag"].Value), Body: m.Groups["body"].Value)).ToList();
        if (blocks.Count > 0)
        {
            var tags = TagsByExtension.GetValueOrDefault(Path.GetExtension(fileName)) ?? [];
            var chosen = Largest(blocks.Where(b => tags.Contains(b.Tag, StringComparer.Ordinal)), $"largest fenced block tagged {string.Join("/", tags)}")
                ?? Largest(blocks.Where(b => b.Tag.Length == 0), "largest untagged fenced block")
                ?? Largest(blocks, "largest fenced block")!;
            return chosen.Code is { Length: > 0 } ? chosen : new ExtractedCode(null, "only empty fenced blocks");
        }
        var lines = text.Split('\n').ToList();
        var dropped = 0;
        while (lines.Count > 0 && (lines[0].Trim().Length == 0 || IsProse(lines[0]))) { lines.RemoveAt(0); dropped++; }
        while (lines.Count > 0 && (lines[^1].Trim().Length == 0 || IsProse(lines[^1]))) lines.RemoveAt(lines.Count - 1);
        if (lines.Count == 0) return new ExtractedCode(null, "no code in the reply (prose only)");
        return new ExtractedCode(string.Join('\n', lines) + "\n", dropped == 0 ? "unfenced reply" : $"unfenced reply after {dropped} leading prose/blank line(s)");
    }

    private static string FirstWord(string info) =>
        info.Trim().Split([' ', '\t', '{'], 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.ToLowerInvariant() ?? "";

    /// <summary>A sentence, not a line of code (see the class remarks).</summary>
    internal static bool IsProse(string line)
    {
        // Apostrophes inside words ("Here's", "don't") are prose, not string quotes.
        var trimmed = Apostrophes().Replace(line.Trim(), "");
        if (trimmed.Length == 0 || char.IsWhiteSpace(line[0]) || !char.IsLetter(trimmed[0])) return false;
        if (trimmed.AsSpan().IndexOfAny(CodeCharacters) >= 0) return false;
        if (CodeStarts.Any(k => trimmed.StartsWith(k, StringComparison.OrdinalIgnoreCase))) return false;
        return trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 3;
    }

    private static ExtractedCode? Largest(IEnumerable<(string Tag, string Body)> blocks, string rule)
    {
        var list = blocks.ToList();
        if (list.Count == 0) return null;
        var body = list.MaxBy(b => b.Body.Length).Body;
        var code = body.Length == 0 || body.EndsWith('\n') ? body : body + "\n";
        return new ExtractedCode(code, list.Count == 1 ? rule.Replace("largest ", "the ", StringComparison.Ordinal) : $"{rule} (of {list.Count})");
    }

    [GeneratedRegex(@"(?<=\p{L})['\u2019](?=\p{L})")]
    private static partial Regex Apostrophes();

    // An opening fence at a line start (``` or ~~~, three or more), an optional info string, the body,
    // and a closing fence of the same character; an unclosed fence runs to the end of the reply.
    [GeneratedRegex(@"^[ \t]{0,3}(?<fence>`{3,}|~{3,})[ \t]*(?<tag>[^\n`]*)\n(?<body>.*?)(?:^[ \t]{0,3}\k<fence>[ \t]*$|\z)", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fences();
}
