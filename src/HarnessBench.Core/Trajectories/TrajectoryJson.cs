using System.Text.Json;
using System.Text.Json.Serialization;

namespace HarnessBench.Core.Trajectories;

/// <summary>The JSONL shape of stored trajectories: snake_case fields and enums, nulls omitted.</summary>
internal static class TrajectoryJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };
}

/// <summary>Writes trajectory events as JSON lines.</summary>
public static class TrajectoryWriter
{
    public static void Write(TextWriter writer, IEnumerable<TrajectoryEvent> events)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            writer.Write(JsonSerializer.Serialize(e, TrajectoryJson.Options));
            writer.Write('\n');
        }
    }

    public static string ToJsonl(IEnumerable<TrajectoryEvent> events)
    {
        using var writer = new StringWriter();
        Write(writer, events);
        return writer.ToString();
    }
}

/// <summary>Reads stored trajectory JSON lines back (our own files: a bad line is an error).</summary>
public static class TrajectoryReader
{
    /// <exception cref="InvalidDataException">A line is not an event, or has a newer schema version.</exception>
    public static IReadOnlyList<TrajectoryEvent> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var events = new List<TrajectoryEvent>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            events.Add(ReadLine(line, number));
        }
        return events;
    }

    public static IReadOnlyList<TrajectoryEvent> FromJsonl(string jsonl)
    {
        using var reader = new StringReader(jsonl);
        return Read(reader);
    }

    private static TrajectoryEvent ReadLine(string line, int number)
    {
        TrajectoryEvent? e;
        try
        {
            e = JsonSerializer.Deserialize<TrajectoryEvent>(line, TrajectoryJson.Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"trajectory line {number} is not an event: {ex.Message}", ex);
        }
        if (e is null)
        {
            throw new InvalidDataException($"trajectory line {number} is 'null'");
        }
        if (e.V > TrajectoryEvent.CurrentSchemaVersion)
        {
            throw new InvalidDataException(
                $"trajectory line {number} has schema version {e.V}; this build reads up to {TrajectoryEvent.CurrentSchemaVersion}");
        }
        return e;
    }
}
