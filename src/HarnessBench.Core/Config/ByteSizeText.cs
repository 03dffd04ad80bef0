using System.Globalization;
using System.Text.RegularExpressions;

namespace HarnessBench.Core.Config;

/// <summary>Sizes written like Docker does: 512m, 2g, 1.5g (binary units; b/ib suffixes accepted).</summary>
internal static partial class ByteSizeText
{
    public const string Help = "sizes look like 512m, 2g or 1.5g (k, m, g, t; binary units)";

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var match = Size().Match(text.Trim());
        if (!match.Success) return false;
        var number = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var unit = match.Groups["unit"].Value.ToLowerInvariant();
        var multiplier = unit.Length == 0 ? 1L : unit[0] switch
        {
            'b' => 1L,
            'k' => 1L << 10,
            'm' => 1L << 20,
            'g' => 1L << 30,
            _ => 1L << 40,
        };
        bytes = (long)Math.Round(number * multiplier);
        return true;
    }

    /// <summary>A fix for a value that did not parse: "2 gigs" → "use 2g".</summary>
    public static string Suggest(string text)
    {
        var words = Worded().Match(text.Trim());
        if (words.Success)
        {
            var unit = words.Groups["unit"].Value.ToLowerInvariant();
            char? letter = unit switch
            {
                _ when unit.StartsWith("kilo", StringComparison.Ordinal) || unit.StartsWith("kb", StringComparison.Ordinal) => 'k',
                _ when unit.StartsWith("meg", StringComparison.Ordinal) || unit.StartsWith("mb", StringComparison.Ordinal) => 'm',
                _ when unit.StartsWith("gig", StringComparison.Ordinal) || unit.StartsWith("gb", StringComparison.Ordinal) => 'g',
                _ when unit.StartsWith("tera", StringComparison.Ordinal) || unit.StartsWith("tb", StringComparison.Ordinal) => 't',
                _ => null,
            };
            if (letter is { } l) return $"use {words.Groups["n"].Value}{l} ({Help})";
        }
        return Help;
    }

    public static string Format(long bytes) => bytes switch
    {
        _ when bytes >= 1L << 30 && bytes % (1L << 30) == 0 => $"{bytes >> 30}g",
        _ when bytes >= 1L << 20 && bytes % (1L << 20) == 0 => $"{bytes >> 20}m",
        _ when bytes >= 1L << 10 && bytes % (1L << 10) == 0 => $"{bytes >> 10}k",
        _ => $"{bytes}b",
    };

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)(?<unit>([kmgtKMGT]([iI]?[bB])?)|[bB])?$")]
    private static partial Regex Size();

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)\s*(?<unit>[A-Za-z]+)$")]
    private static partial Regex Worded();
}
