using System.Text.Json;

namespace HarnessBench.Core.Trajectories.Parsers;

/// <summary>
/// Edit blocks in an Aider reply. "whole" format: a file path line, then a fenced block with the
/// new content. "diff" format: a path line (before or just inside the fence), then
/// <c>&lt;&lt;&lt;&lt;&lt;&lt;&lt; SEARCH</c> / <c>=======</c> / <c>&gt;&gt;&gt;&gt;&gt;&gt;&gt; REPLACE</c>.
/// A fence without a path-like line before it (for example a bash suggestion) is not an edit.
/// </summary>
internal static class AiderEdits
{
    public const string WholeTool = "whole_edit";
    public const string SearchReplaceTool = "search_replace";

    public static IEnumerable<Edit> Find(List<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (!IsFence(lines[i]))
            {
                continue;
            }
            var open = i;
            var close = open + 1;
            while (close < lines.Count && !IsFence(lines[close]))
            {
                close++;
            }
            var body = lines.GetRange(open + 1, Math.Max(0, Math.Min(close, lines.Count) - open - 1));
            var path = open > 0 ? PathLike(lines[open - 1]) : null;
            if (body.Exists(l => l.TrimEnd() == "<<<<<<< SEARCH"))
            {
                foreach (var edit in SearchReplace(body, path, open))
                {
                    yield return edit;
                }
            }
            else if (path is not null && close < lines.Count)
            {
                var content = body.Count == 0 ? "" : string.Join('\n', body) + "\n";
                yield return new Edit(WholeTool, open - 1, Args(new { path, content }));
            }
            i = close;
        }
    }

    private static IEnumerable<Edit> SearchReplace(List<string> body, string? path, int open)
    {
        var i = 0;
        while (i < body.Count)
        {
            if (body[i].TrimEnd() != "<<<<<<< SEARCH")
            {
                // "diff-fenced" puts the path inside the fence, before SEARCH.
                path = PathLike(body[i]) ?? path;
                i++;
                continue;
            }
            var start = i;
            var search = new List<string>();
            var replace = new List<string>();
            for (i++; i < body.Count && body[i].TrimEnd() != "======="; i++)
            {
                search.Add(body[i]);
            }
            for (i++; i < body.Count && !body[i].TrimEnd().StartsWith(">>>>>>> REPLACE", StringComparison.Ordinal); i++)
            {
                replace.Add(body[i]);
            }
            i++;
            yield return new Edit(SearchReplaceTool, open + 1 + start, Args(new
            {
                path = path ?? "",
                search = Joined(search),
                replace = Joined(replace),
            }));
        }
    }

    private static string Joined(List<string> lines) => lines.Count == 0 ? "" : string.Join('\n', lines) + "\n";

    private static bool IsFence(string line) => line.TrimStart().StartsWith("```", StringComparison.Ordinal);

    /// <summary>Aider's own rule, roughly: a short line without spaces, stripped of markdown decoration.</summary>
    private static string? PathLike(string line)
    {
        var candidate = line.Trim().Trim('`', '*', '#', ':').Trim();
        return candidate.Length is > 0 and < 256
            && !candidate.Any(char.IsWhiteSpace)
            && (candidate.Contains('.', StringComparison.Ordinal) || candidate.Contains('/', StringComparison.Ordinal))
            && !candidate.StartsWith("<<<", StringComparison.Ordinal)
            && !candidate.StartsWith("===", StringComparison.Ordinal)
            ? candidate
            : null;
    }

    private static JsonElement Args(object value) => JsonSerializer.SerializeToElement(value);

    /// <param name="Offset">0-based line offset of the edit within the reply.</param>
    internal sealed record Edit(string Tool, int Offset, JsonElement Arguments);
}
