using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HarnessBench.Core.Config;

/// <summary>Converts free-form YAML (model settings) into an immutable JSON element, with YAML 1.2 core-schema scalar types.</summary>
internal static partial class YamlJson
{
    public static JsonElement ToJson(YNode node, ConfigErrors errors)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            Write(writer, node, errors);
        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    /// <summary>An object holding one string property (settings written as a single value).</summary>
    public static JsonElement Object(string key, string value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString(key, value);
            writer.WriteEndObject();
        }
        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter writer, YNode node, ConfigErrors errors)
    {
        switch (node)
        {
            case YScalar scalar:
                WriteScalar(writer, scalar);
                break;
            case YSequence sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Items) Write(writer, item, errors);
                writer.WriteEndArray();
                break;
            case YMapping mapping:
                writer.WriteStartObject();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (key, value) in mapping.Entries)
                {
                    if (!seen.Add(key.Value))
                    {
                        errors.Add(key.At, $"duplicate key '{key.Value}'", "keep one of them");
                        continue;
                    }
                    writer.WritePropertyName(key.Value);
                    Write(writer, value, errors);
                }
                writer.WriteEndObject();
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, YScalar scalar)
    {
        var value = scalar.Value;
        if (!scalar.Plain) writer.WriteStringValue(value);
        else if (scalar.IsNull) writer.WriteNullValue();
        else if (value is "true" or "True" or "TRUE") writer.WriteBooleanValue(true);
        else if (value is "false" or "False" or "FALSE") writer.WriteBooleanValue(false);
        else if (Integer().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            writer.WriteNumberValue(number);
        else if (Float().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
            writer.WriteNumberValue(real);
        else writer.WriteStringValue(value);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
