using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HarnessBench.Docker;

internal sealed partial class DockerClient
{
    /// <summary>Builds "path?name=value&amp;..." skipping null values; repeated names are allowed.</summary>
    private static string Url(string path, params (string Name, string? Value)[] query)
    {
        var builder = new StringBuilder(path);
        char separator = '?';
        foreach ((string name, string? value) in query)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return builder.ToString();
    }

    /// <summary>Escapes a path segment; image references keep their slashes (the engine routes /images/{name:.*}).</summary>
    private static string Segment(string value) =>
        string.Join('/', value.Split('/').Select(Uri.EscapeDataString));

    private static string? LabelFilter(IReadOnlyDictionary<string, string?>? labels, string? reference = null)
    {
        var filters = new Dictionary<string, List<string>>();
        if (labels is { Count: > 0 })
        {
            filters["label"] = labels.Select(l => l.Value is null ? l.Key : $"{l.Key}={l.Value}").ToList();
        }

        if (reference is not null)
        {
            filters["reference"] = [reference];
        }

        return filters.Count == 0 ? null : JsonSerializer.Serialize(filters, Json.DictionaryStringListString);
    }

    private static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string>? source) =>
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

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
