using System.Globalization;

namespace HarnessBench.Core.Reports.Rendering;

/// <summary>Number formats shared by every rendering (invariant culture, fixed precision: snapshot-stable).</summary>
public static class Fmt
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Pct(double? value) => value is { } v ? (v * 100).ToString("0.0", Inv) + "%" : "–";

    /// <summary>"62.5% [40.9–80.1]".</summary>
    public static string RateWithInterval(Rate rate) =>
        rate.Value is null ? "–" : $"{Pct(rate.Value)} [{(rate.Low * 100).ToString("0.0", Inv)}–{(rate.High * 100).ToString("0.0", Inv)}]";

    public static string Fraction(Rate rate) => $"{rate.Successes}/{rate.Trials}";

    /// <summary>Milliseconds shown as seconds ("12.3 s") or milliseconds below one second.</summary>
    public static string Ms(double? ms) => ms switch
    {
        null => "–",
        < 1000 => ms.Value.ToString("0", Inv) + " ms",
        _ => (ms.Value / 1000).ToString("0.0", Inv) + " s",
    };

    public static string Seconds(double seconds) => seconds.ToString(seconds < 10 ? "0.00" : "0.0", Inv) + " s";

    public static string Tokens(double? tokens) => tokens switch
    {
        null => "–",
        >= 1_000_000 => (tokens.Value / 1_000_000).ToString("0.00", Inv) + "M",
        >= 10_000 => (tokens.Value / 1000).ToString("0.0", Inv) + "k",
        _ => tokens.Value.ToString("0", Inv),
    };

    /// <summary>The prefix of a figure computed from estimated token counts (not the endpoint's usage reports).</summary>
    public const string EstimateMark = "~";

    /// <summary>Tokens, marked with <see cref="EstimateMark"/> when <paramref name="estimated"/>.</summary>
    public static string Tokens(double? tokens, bool estimated) => Mark(Tokens(tokens), tokens is not null && estimated);

    /// <summary>Dollars, marked with <see cref="EstimateMark"/> when computed from estimated tokens.</summary>
    public static string Usd(double? usd, bool estimated) => Mark(Usd(usd), usd is not null && estimated);

    private static string Mark(string text, bool estimated) => estimated ? EstimateMark + text : text;

    public static string Usd(double? usd) => usd switch
    {
        null => "–",
        >= 1 => "$" + usd.Value.ToString("0.00", Inv),
        _ => "$" + usd.Value.ToString("0.0000", Inv),
    };

    public static string Num(double? value, string format = "0.0") => value is { } v ? v.ToString(format, Inv) : "–";

    public static string P(double p) => p < 0.0001 ? "< 0.0001" : p.ToString("0.0000", Inv);

    public static string Time(DateTimeOffset? at) => at is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", Inv) : "–";

    public static string Count(long value) => value.ToString(Inv);
}
