using System.Text.Json;

namespace HarnessBench.Core.Trajectories.Parsers;

/// <summary>
/// Shared loop of the NDJSON formats: one JSON object per line, dispatched on its <c>type</c>.
/// Bad JSON, non-objects, unknown types and unexpected shapes become warnings, never exceptions.
/// </summary>
internal abstract class JsonLinesParser(int textCapBytes) : ITrajectoryParser
{
    public abstract string FormatId { get; }

    public TrajectoryParseResult Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var builder = new TrajectoryBuilder(textCapBytes);
        var session = Begin(builder);
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }
            ParseLine(raw, number, builder, session);
        }
        session.Finish();
        return builder.Build();
    }

    /// <summary>Starts the per-parse state (parsers themselves stay stateless).</summary>
    protected abstract JsonLinesSession Begin(TrajectoryBuilder builder);

    private static void ParseLine(string raw, int number, TrajectoryBuilder builder, JsonLinesSession session)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(raw);
        }
        catch (JsonException ex)
        {
            builder.Warn(number, $"not JSON ({ex.Message}): {Preview(raw)}");
            return;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                builder.Warn(number, $"not a JSON object: {Preview(raw)}");
                return;
            }
            var type = root.Str("type");
            try
            {
                if (!session.Handle(root, type, number))
                {
                    builder.Warn(number, $"unknown event type '{type ?? "(none)"}'");
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or KeyNotFoundException)
            {
                // Accessors are null-tolerant; this is the last line of defense for a shape nobody foresaw.
                builder.Warn(number, $"unexpected shape of '{type}' event: {ex.Message}");
            }
        }
    }

    private static string Preview(string raw) => raw.Length <= 80 ? raw : raw[..80] + "...";
}

/// <summary>Per-parse state of a <see cref="JsonLinesParser"/>.</summary>
internal abstract class JsonLinesSession(TrajectoryBuilder builder)
{
    protected TrajectoryBuilder Builder { get; } = builder;

    /// <summary>Handles one event; false when its type is unknown.</summary>
    public abstract bool Handle(JsonElement root, string? type, int line);

    public virtual void Finish()
    {
    }
}
