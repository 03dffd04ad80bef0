using System.Text.Json;
using System.Text.Json.Serialization;

namespace HarnessBench.Core.Results;

/// <summary>The one JSON shape of result lines: snake_case, kebab-case enums, nulls written, one line.</summary>
internal static class ResultJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
        WriteIndented = false,
    };

    public static byte[] Serialize(CellResult result) => JsonSerializer.SerializeToUtf8Bytes(result, Options);

    /// <exception cref="JsonException">Not a result line.</exception>
    public static CellResult Deserialize(ReadOnlySpan<byte> line) =>
        JsonSerializer.Deserialize<CellResult>(line, Options) ?? throw new JsonException("the line is 'null'");
}
