using System.Globalization;
using HarnessBench.Gateway.Probing;

namespace HarnessBench.Cli.Rendering;

/// <summary>A probe's figures as a plain table (n, mean, median, standard deviation), with what they rest on.</summary>
internal static class ProbeTable
{
    public static void Print(ProbeResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine();
        output.WriteLine($"model {result.Model} ({result.Protocol}); thinking: {result.Thinking}; ignore_eos: {(result.IgnoreEosSent ? "sent" : "not sent")}; reasoning tokens seen: {(result.ReasoningSeen ? "yes" : "no")}");
        output.WriteLine($"prompts: short {result.ShortPromptTokens:F0} tok, long {result.LongPromptTokens:F0} tok, conversation opening {result.ConversationPromptTokens:F0} tok ({result.PromptCountSource}); "
            + $"output budget {result.Settings.OutputTokens} tok, {result.Settings.TurnOutputTokens} per conversation turn; output counts: {result.OutputCountSource}");
        output.WriteLine($"{result.Settings.Iterations} timed iteration(s) after 1 discarded warm-up");
        output.WriteLine();
        output.WriteLine($"{"figure",-56} {"unit",-6} {"n",3} {"mean",10} {"median",10} {"stddev",9}");
        foreach (ProbeFigure figure in result.Figures)
        {
            Summary s = figure.Summary;
            output.WriteLine($"{figure.Label,-56} {figure.Unit,-6} {s.Count,3} {Num(s.Mean),10} {Num(s.Median),10} {Num(s.StdDev),9}");
        }

        foreach (string note in result.Notes)
        {
            output.WriteLine($"note: {note}");
        }
    }

    private static string Num(double? value) => value switch
    {
        null => "-",
        >= 1000 => value.Value.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 => value.Value.ToString("F1", CultureInfo.InvariantCulture),
        _ => value.Value.ToString("F2", CultureInfo.InvariantCulture),
    };
}
