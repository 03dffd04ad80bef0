using System.Globalization;

namespace HarnessBench.Docker;

internal sealed partial class DockerClient
{
    /// <summary>
    /// The engine's list filters: labels ("key=value", or "key" when the value is null: the label
    /// exists) and an image reference pattern; null when there is nothing to filter on.
    /// </summary>
    private static Dictionary<string, IDictionary<string, bool>>? Filters(IReadOnlyDictionary<string, string?>? labels, string? reference = null)
    {
        var filters = new Dictionary<string, IDictionary<string, bool>>(StringComparer.Ordinal);
        if (labels is { Count: > 0 })
        {
            filters["label"] = labels.ToDictionary(l => l.Value is null ? l.Key : $"{l.Key}={l.Value}", _ => true, StringComparer.Ordinal);
        }

        if (reference is not null)
        {
            filters["reference"] = new Dictionary<string, bool>(StringComparer.Ordinal) { [reference] = true };
        }

        return filters.Count == 0 ? null : filters;
    }

    private static Dictionary<string, string> Copy(IEnumerable<KeyValuePair<string, string>>? source) =>
        source is null ? [] : source.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    /// <summary>Parses the engine's RFC 3339 times (nanosecond precision); the zero time means "never".</summary>
    internal static DateTimeOffset? ParseTime(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.StartsWith("0001-01-01", StringComparison.Ordinal))
        {
            return null;
        }

        // .NET parses at most 7 fractional digits; Go writes up to 9.
        int dot = value.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            int end = dot + 1;
            while (end < value.Length && char.IsAsciiDigit(value[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                value = string.Concat(value.AsSpan(0, dot + 8), value.AsSpan(end));
            }
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed)
            ? parsed
            : null;
    }
}
