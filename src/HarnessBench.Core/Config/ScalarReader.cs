using System.Globalization;
using System.Text.RegularExpressions;

namespace HarnessBench.Core.Config;

/// <summary>Phase two helpers: turn located raw values into typed ones, reporting what is wrong.</summary>
internal static partial class ScalarReader
{
    public static TimeSpan? Duration(YScalar? scalar, string key, ConfigErrors errors)
    {
        if (scalar is null) return null;
        if (DurationText.TryParse(scalar.Value, out var value) && value > TimeSpan.Zero) return value;
        errors.Add(scalar.At, $"'{key}' is not a valid duration: '{scalar.Value}'", DurationText.Suggest(scalar.Value));
        return null;
    }

    public static long? ByteSize(YScalar? scalar, string key, long minimum, ConfigErrors errors)
    {
        if (scalar is null) return null;
        if (!ByteSizeText.TryParse(scalar.Value, out var bytes))
        {
            errors.Add(scalar.At, $"'{key}' is not a valid size: '{scalar.Value}'", ByteSizeText.Suggest(scalar.Value));
            return null;
        }
        if (bytes < minimum)
        {
            errors.Add(scalar.At, $"'{key}' of {scalar.Value} is below the minimum of {ByteSizeText.Format(minimum)}",
                $"a bare number means bytes; add a unit, e.g. {scalar.Value}m or {scalar.Value}g");
            return null;
        }
        return bytes;
    }

    public static int? Int(YScalar? scalar, string key, int minimum, int maximum, ConfigErrors errors)
    {
        if (scalar is null) return null;
        if (int.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            && value >= minimum && value <= maximum)
            return value;
        errors.Add(scalar.At, $"'{key}' must be a whole number from {minimum} to {maximum}, not '{scalar.Value}'");
        return null;
    }

    public static bool? Bool(YScalar? scalar, string key, ConfigErrors errors)
    {
        if (scalar is null) return null;
        if (scalar.Value is "true" or "True" or "TRUE") return true;
        if (scalar.Value is "false" or "False" or "FALSE") return false;
        errors.Add(scalar.At, $"'{key}' must be true or false, not '{scalar.Value}'");
        return null;
    }

    public static double? Number(YScalar? scalar, string key, double minimum, double maximum, ConfigErrors errors)
    {
        if (scalar is null) return null;
        if (double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && value >= minimum && value <= maximum)
            return value;
        errors.Add(scalar.At, $"'{key}' must be a number from {minimum} to {maximum}, not '{scalar.Value}'");
        return null;
    }

    public static decimal? Decimal(YScalar? scalar, string key, ConfigErrors errors)
    {
        if (scalar is null) return null;
        if (decimal.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0)
            return value;
        errors.Add(scalar.At, $"'{key}' must be a non-negative number, not '{scalar.Value}'");
        return null;
    }

    /// <summary>A name used in ids and paths: letters, digits, '.', '_', '-', starting with a letter or digit.</summary>
    public static string? Name(YScalar? scalar, string key, ConfigErrors errors)
    {
        if (scalar is null) return null;
        if (NamePattern().IsMatch(scalar.Value)) return scalar.Value;
        errors.Add(scalar.At, $"'{key}' must be a name made of letters, digits, '.', '_' and '-', not '{scalar.Value}'",
            "start with a letter or digit and avoid spaces and slashes, e.g. qwen3-coder-30b");
        return null;
    }

    /// <summary>Any non-empty text.</summary>
    public static string? Text(YScalar? scalar, string key, ConfigErrors errors)
    {
        if (scalar is null) return null;
        if (!string.IsNullOrWhiteSpace(scalar.Value)) return scalar.Value;
        errors.Add(scalar.At, $"'{key}' must not be empty");
        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")]
    private static partial Regex NamePattern();
}
