using System.Globalization;
using System.Text.RegularExpressions;

namespace HarnessBench.Core.Config;

/// <summary>Durations written like Go and Docker do: 90s, 10m, 1h30m, 1.5h, 500ms.</summary>
internal static partial class DurationText
{
    public const string Help = "durations look like 90s, 10m, 1h30m or 500ms";

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var match = Compact().Match(text.Trim());
        if (!match.Success) return false;
        var total = 0.0;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unitStart = part.Value.IndexOfAny(['m', 's', 'h', 'd']);
            var number = double.Parse(part.Value[..unitStart], CultureInfo.InvariantCulture);
            total += number * Milliseconds(part.Value[unitStart..]);
        }
        value = TimeSpan.FromMilliseconds(total);
        return true;
    }

    /// <summary>A fix for a value that did not parse: "5 minutes" → "use 5m", "300" → "use 300s".</summary>
    public static string Suggest(string text)
    {
        var trimmed = text.Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            return $"add a unit: use {trimmed}s or {trimmed}m ({Help})";
        var words = Worded().Match(trimmed);
        if (words.Success && UnitFromWord(words.Groups["unit"].Value) is { } unit)
            return $"use {words.Groups["n"].Value}{unit} ({Help})";
        return Help;
    }

    /// <summary>Formats a duration the way it is written in YAML (for messages and docs).</summary>
    public static string Format(TimeSpan value)
    {
        if (value.TotalMilliseconds < 1000 || value.Milliseconds != 0) return $"{value.TotalMilliseconds:0}ms";
        var parts = new List<string>();
        if (value.Days > 0) parts.Add($"{value.Days}d");
        if (value.Hours > 0) parts.Add($"{value.Hours}h");
        if (value.Minutes > 0) parts.Add($"{value.Minutes}m");
        if (value.Seconds > 0) parts.Add($"{value.Seconds}s");
        return string.Concat(parts);
    }

    private static double Milliseconds(string unit) => unit switch
    {
        "ms" => 1,
        "s" => 1000,
        "m" => 60_000,
        "h" => 3_600_000,
        _ => 86_400_000,
    };

    private static string? UnitFromWord(string word) => word.ToLowerInvariant() switch
    {
        "ms" or "msec" or "msecs" or "millisecond" or "milliseconds" => "ms",
        "s" or "sec" or "secs" or "second" or "seconds" => "s",
        "m" or "min" or "mins" or "minute" or "minutes" => "m",
        "h" or "hr" or "hrs" or "hour" or "hours" => "h",
        "d" or "day" or "days" => "d",
        _ => null,
    };

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|s|m|h|d))+$")]
    private static partial Regex Compact();

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)\s*(?<unit>[A-Za-z]+)$")]
    private static partial Regex Worded();
}
