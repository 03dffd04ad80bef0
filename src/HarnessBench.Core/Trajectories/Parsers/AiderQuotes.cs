using System.Globalization;
using System.Text.RegularExpressions;

namespace HarnessBench.Core.Trajectories.Parsers;

/// <summary>
/// Aider's own output (<c>&gt; </c> lines). Special lines become their own events: a confirmation
/// "Add file to the chat? ... y" (the file named on the line before) is an <c>add</c> call, "Run shell
/// command? ... y" a <c>run</c> call, and "Tokens: 2.3k sent, 56 received." a usage event (Aider
/// rounds these counts for display). Everything else is kept as tool output text.
/// </summary>
internal sealed partial class AiderQuotes(TrajectoryBuilder builder)
{
    private readonly List<string> output = [];
    private int outputLine;

    public void Block(List<string> lines, int firstLine)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var number = firstLine + i;
            if (Tokens(line) is { } tokens)
            {
                Flush();
                builder.Add(new TrajectoryEvent
                {
                    Actor = TrajectoryActor.Model,
                    Kind = TrajectoryEventKind.Usage,
                    Line = number,
                    Tokens = tokens,
                });
                continue;
            }
            if (Confirmation().Match(line) is { Success: true } confirm && output.Count > 0)
            {
                var subject = output[^1];
                output.RemoveAt(output.Count - 1);
                Flush();
                Confirmed(confirm, subject, number);
                continue;
            }
            if (output.Count == 0)
            {
                outputLine = number;
            }
            output.Add(line);
        }
        Flush();
    }

    private void Confirmed(Match confirm, string subject, int line)
    {
        var at = new TrajectoryEvent { Actor = TrajectoryActor.Harness, Kind = TrajectoryEventKind.Message, Line = line };
        var answer = confirm.Groups["answer"].Value.ToLowerInvariant();
        var accepted = answer.StartsWith('y') || answer.StartsWith('a');
        if (!accepted)
        {
            builder.Add(at with { Text = $"{subject}\n{confirm.Value}" });
            return;
        }
        if (confirm.Groups["question"].Value.StartsWith("Add", StringComparison.Ordinal))
        {
            AiderCommands.Call(builder, at, "add", new Dictionary<string, object> { ["paths"] = new[] { subject.Trim() } });
        }
        else
        {
            AiderCommands.Call(builder, at, "run", new Dictionary<string, object> { ["command"] = subject.Trim() });
        }
    }

    private void Flush()
    {
        var text = string.Join('\n', output).Trim();
        output.Clear();
        if (text.Length == 0)
        {
            return;
        }
        builder.Add(new TrajectoryEvent
        {
            Actor = TrajectoryActor.Tool,
            Kind = TrajectoryEventKind.ToolResult,
            Line = outputLine,
            ToolName = "aider",
            Text = text,
            IsError = ErrorLine().IsMatch(text),
        });
    }

    private static TokenCounts? Tokens(string line)
    {
        var match = TokensLine().Match(line);
        if (!match.Success)
        {
            return null;
        }
        return new TokenCounts
        {
            Input = Count(match.Groups["sent"].Value),
            Output = Count(match.Groups["received"].Value),
            CacheWrite = match.Groups["write"].Success ? Count(match.Groups["write"].Value) : null,
            CacheRead = match.Groups["hit"].Success ? Count(match.Groups["hit"].Value) : null,
        };
    }

    /// <summary>"56", "2.3k", "1.2M" (Aider's display format) to a count.</summary>
    internal static long? Count(string text)
    {
        var scale = text.EndsWith('k') ? 1_000d : text.EndsWith('M') ? 1_000_000d : 1d;
        var digits = scale > 1 ? text[..^1] : text;
        return double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? (long)Math.Round(value * scale)
            : null;
    }

    [GeneratedRegex(@"^Tokens: (?<sent>[\d.]+[kM]?) sent, (?:(?<write>[\d.]+[kM]?) cache write, )?(?:(?<hit>[\d.]+[kM]?) cache hit, )?(?<received>[\d.]+[kM]?) received")]
    private static partial Regex TokensLine();

    [GeneratedRegex(@"^(?<question>Add (?:file|url) to the chat\?|Run shell commands?\?).*?:\s*(?<answer>[a-zA-Z]*)\s*$")]
    private static partial Regex Confirmation();

    [GeneratedRegex(@"^(Error|Failed|Unable|The LLM did not conform)", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();
}
