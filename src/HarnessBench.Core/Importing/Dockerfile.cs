namespace HarnessBench.Core.Importing;

/// <summary>One instruction of a Dockerfile: the keyword (upper-case) and the rest of its logical line.</summary>
/// <param name="Line">1-based line where the instruction starts (for notes).</param>
internal sealed record DockerInstruction(string Keyword, string Arguments, int Line)
{
    public override string ToString() => $"{Keyword} {Arguments}";
}

/// <summary>Reads a Dockerfile into instructions: comments and blank lines dropped, continuations joined, heredocs kept whole.</summary>
internal static class Dockerfile
{
    public static IReadOnlyList<DockerInstruction> Parse(string text)
    {
        var raw = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var result = new List<DockerInstruction>();
        for (var i = 0; i < raw.Length; i++)
        {
            var trimmed = raw[i].Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#')) continue;
            var start = i;
            var logical = new System.Text.StringBuilder();
            var line = raw[i];
            // Comment lines inside a continued instruction are skipped, as Docker does.
            while (line.TrimEnd().EndsWith('\\') && i + 1 < raw.Length)
            {
                logical.Append(line.TrimEnd()[..^1]).Append(' ');
                do i++; while (i + 1 < raw.Length && raw[i].TrimStart().StartsWith('#'));
                line = raw[i];
            }
            logical.Append(line);
            var text2 = logical.ToString().Trim();
            if (ShellText.HeredocTerminator(text2) is { } terminator)
            {
                var body = new System.Text.StringBuilder(text2);
                while (++i < raw.Length)
                {
                    body.Append('\n').Append(raw[i]);
                    if (raw[i].Trim() == terminator) break;
                }
                text2 = body.ToString();
            }
            var space = text2.IndexOfAny([' ', '\t']);
            var keyword = (space < 0 ? text2 : text2[..space]).ToUpperInvariant();
            result.Add(new DockerInstruction(keyword, space < 0 ? "" : text2[(space + 1)..].Trim(), start + 1));
        }
        return result;
    }

    /// <summary>COPY/ADD arguments: flags (--chown=..., --from=...) and the paths (sources then destination), JSON form included.</summary>
    public static (IReadOnlyList<string> Flags, IReadOnlyList<string> Paths) CopyArguments(string arguments)
    {
        var words = arguments.TrimStart().StartsWith('[')
            ? System.Text.Json.JsonSerializer.Deserialize<string[]>(arguments) ?? []
            : ShellText.Words(arguments);
        var flags = words.TakeWhile(w => w.StartsWith("--", StringComparison.Ordinal)).ToList();
        return (flags, [.. words.Skip(flags.Count)]);
    }
}
