using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HarnessBench.Core.Trajectories.Parsers;

/// <summary>Shape-tolerant accessors: a missing or differently typed field reads as null, never throws.</summary>
internal static class Json
{
    public static JsonElement? Prop(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value)
            && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? value
            : null;

    public static string? Str(this JsonElement e, string name) =>
        e.Prop(name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    public static JsonElement? Obj(this JsonElement e, string name) =>
        e.Prop(name) is { ValueKind: JsonValueKind.Object } v ? v : null;

    public static IEnumerable<JsonElement> Items(this JsonElement e, string name) =>
        e.Prop(name) is { ValueKind: JsonValueKind.Array } v ? v.EnumerateArray() : [];

    public static long? Long(this JsonElement e, string name) =>
        e.Prop(name) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt64(out var n) ? n : null;

    public static double? Double(this JsonElement e, string name) =>
        e.Prop(name) is { ValueKind: JsonValueKind.Number } v && v.TryGetDouble(out var n) ? n : null;

    public static bool? Bool(this JsonElement e, string name) =>
        e.Prop(name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } v ? v.GetBoolean() : null;

    /// <summary>An ISO-8601 string or Unix epoch milliseconds.</summary>
    public static DateTimeOffset? Time(this JsonElement e, string name)
    {
        if (e.Long(name) is { } ms && ms is > 0 and < 253402300799999)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }
        return e.Str(name) is { } s
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : null;
    }

    public static IReadOnlyList<string>? StringList(this JsonElement e, string name)
    {
        if (e.Prop(name) is not { ValueKind: JsonValueKind.Array } array)
        {
            return null;
        }
        return array.EnumerateArray()
            .Select(item => item.ValueKind == JsonValueKind.String ? item.GetString() : item.Str("name"))
            .OfType<string>()
            .ToArray();
    }

    /// <summary>
    /// Text of a content value: a plain string, or an array of parts whose <c>text</c> fields are
    /// joined by newlines (non-text parts become a <c>[type]</c> placeholder).
    /// </summary>
    public static string? ContentText(JsonElement? content)
    {
        if (content is not { } c)
        {
            return null;
        }
        if (c.ValueKind == JsonValueKind.String)
        {
            return c.GetString();
        }
        if (c.ValueKind == JsonValueKind.Object)
        {
            return c.Str("text") ?? ContentText(c.Prop("content"));
        }
        if (c.ValueKind != JsonValueKind.Array)
        {
            return c.GetRawText();
        }
        var text = new StringBuilder();
        foreach (var part in c.EnumerateArray())
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }
            text.Append(part.ValueKind == JsonValueKind.String
                ? part.GetString()
                : part.Str("text") ?? $"[{part.Str("type") ?? "part"}]");
        }
        return text.ToString();
    }
}
