using System.Text;
using System.Text.Json;

namespace HarnessBench.Core.Trajectories;

/// <summary>Collects events during one parse: numbers steps, caps text, flattens arguments.</summary>
internal sealed class TrajectoryBuilder(int textCapBytes)
{
    private readonly List<TrajectoryEvent> events = [];
    private readonly List<TrajectoryWarning> warnings = [];

    public int Count => events.Count;

    public void Add(TrajectoryEvent e)
    {
        var capped = e.Text is null ? e : Cap(e, e.Text);
        events.Add(capped with { Step = events.Count, V = TrajectoryEvent.CurrentSchemaVersion });
    }

    /// <summary>Adds a tool call, keeping the raw arguments and their string leaves.</summary>
    public void AddCall(TrajectoryEvent e, JsonElement? arguments)
    {
        if (arguments is { } args && args.ValueKind != JsonValueKind.Undefined)
        {
            var clone = args.Clone();
            e = e with { Arguments = clone, ArgumentStrings = JsonLeaves.Strings(clone) };
        }
        Add(e);
    }

    public void Warn(int line, string message) => warnings.Add(new TrajectoryWarning(line, message));

    public TrajectoryParseResult Build() => new(events.ToArray(), warnings.ToArray());

    private TrajectoryEvent Cap(TrajectoryEvent e, string text)
    {
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes <= textCapBytes)
        {
            return e with { TextBytes = bytes, TextTruncated = null };
        }
        return e with { Text = Truncate(text, textCapBytes), TextBytes = bytes, TextTruncated = true };
    }

    /// <summary>Cuts to at most <paramref name="capBytes"/> UTF-8 bytes on a character boundary.</summary>
    internal static string Truncate(string text, int capBytes)
    {
        var encoded = Encoding.UTF8.GetBytes(text);
        var end = Math.Min(capBytes, encoded.Length);
        // Back off continuation bytes (10xxxxxx) so a multi-byte character is never split.
        while (end > 0 && end < encoded.Length && (encoded[end] & 0xC0) == 0x80)
        {
            end--;
        }
        return Encoding.UTF8.GetString(encoded, 0, end);
    }
}
