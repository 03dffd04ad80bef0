namespace HarnessBench.Core.Audit.Code;

/// <summary>
/// Drops a line's trailing comment (outside string literals) so that prose about exit() in a
/// comment is not code. One line at a time: a block comment spanning lines is not followed, which
/// errs towards reading more, not less.
/// </summary>
internal static class CommentStripper
{
    public static string Strip(string line, SourceLanguage language)
    {
        var (hash, slashes) = language switch
        {
            SourceLanguage.Python or SourceLanguage.Shell => (true, false),
            SourceLanguage.C or SourceLanguage.Rust or SourceLanguage.JavaScript => (false, true),
            SourceLanguage.Sql => (false, false),
            _ => (false, false),
        };
        if (language == SourceLanguage.Sql)
        {
            var dashes = line.IndexOf("--", StringComparison.Ordinal);
            return dashes >= 0 && !InsideQuotes(line, dashes) ? line[..dashes] : line;
        }
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == '\\') i++;
                else if (c == quote) quote = '\0';
                continue;
            }
            if (c is '"' or '\'' or '`') quote = c;
            else if (hash && c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1]))) return line[..i];
            else if (slashes && c == '/' && i + 1 < line.Length && line[i + 1] == '/') return line[..i];
        }
        return line;
    }

    private static bool InsideQuotes(string line, int index) => line[..index].Count(c => c == '\'') % 2 == 1;
}
