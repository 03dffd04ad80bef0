using System.IO.Compression;
using System.Text.Json;
using HarnessBench.Core.Trajectories;

namespace HarnessBench.Cli.Viewer;

/// <summary>A trajectory as the viewer could read it: events, and the lines it could not.</summary>
internal sealed record TrajectoryRead(IReadOnlyList<TrajectoryEvent> Events, IReadOnlyList<string> Problems, bool Truncated);

/// <summary>One line of the grader driver's evidence (evidence/evidence.jsonl).</summary>
/// <param name="Event">"start", "agent-code", "check", "finish"... or "?" for a line that is not JSON.</param>
/// <param name="Fields">The other fields as "name: value" (for non-check lines).</param>
internal sealed record EvidenceLine(string Event, string? Name, bool? Passed, string? Detail, IReadOnlyList<string> Fields);

/// <summary>
/// Reading the files of a cell folder for its page. Every reader is tolerant (a page with what could
/// be read beats an error page) and bounded (a run's files are not trusted to be small).
/// </summary>
internal static class CellFiles
{
    public const int MaxEvents = 3000;
    private const int MaxEvidenceLines = 2000;

    /// <summary>Events line by line through the stored reader; a bad line is reported, not fatal.</summary>
    public static TrajectoryRead? Trajectory(string cellDirectory)
    {
        if (RawFiles.Resolve(cellDirectory, "trajectory.jsonl") is not { } path) return null;
        var events = new List<TrajectoryEvent>();
        var problems = new List<string>();
        var number = 0;
        var truncated = false;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (events.Count >= MaxEvents)
            {
                truncated = true;
                break;
            }

            try
            {
                events.AddRange(TrajectoryReader.FromJsonl(line));
            }
            catch (InvalidDataException e)
            {
                if (problems.Count < 20) problems.Add($"line {number}: {e.Message}");
            }
        }

        return new TrajectoryRead(events, problems, truncated);
    }

    public static IReadOnlyList<EvidenceLine>? Evidence(string cellDirectory)
    {
        if (RawFiles.Resolve(cellDirectory, "evidence/evidence.jsonl") is not { } path) return null;
        var lines = new List<EvidenceLine>();
        foreach (var line in File.ReadLines(path).Take(MaxEvidenceLines))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    lines.Add(new EvidenceLine("?", null, null, line, []));
                    continue;
                }

                var kind = Json.Str(root, "event") ?? "?";
                bool? passed = root.TryGetProperty("passed", out var p) && p.ValueKind is JsonValueKind.True or JsonValueKind.False ? p.GetBoolean() : null;
                var fields = root.EnumerateObject().Where(f => f.Name is not ("event" or "name" or "passed" or "detail"))
                    .Select(f => $"{f.Name}: {Json.Text(f.Value)}").ToList();
                lines.Add(new EvidenceLine(kind, Json.Str(root, "name"), passed, Json.Str(root, "detail"), fields));
            }
            catch (JsonException)
            {
                lines.Add(new EvidenceLine("?", null, null, line, []));
            }
        }

        return lines;
    }

    /// <summary>The task prompt the harness was given, as the cell folder keeps it (harness/prompt.txt).</summary>
    public static string? PromptCopy(string cellDirectory) =>
        RawFiles.Resolve(cellDirectory, "harness/prompt.txt") is { } path ? ReadCapped(path, 256 * 1024) : null;

    /// <summary>A text file's first <paramref name="max"/> bytes (decompressed when it is gzip).</summary>
    public static string ReadCapped(string path, int max)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        var buffer = new byte[max];
        var read = stream.ReadAtLeast(buffer, max, throwOnEndOfStream: false);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }
}

/// <summary>Small readers for optional JSON fields.</summary>
internal static class Json
{
    /// <summary>The element at a path of property names, if every step is an object that has it.</summary>
    public static JsonElement? At(JsonElement? element, params string[] path)
    {
        if (element is not { } current) return null;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current)) return null;
        }

        return current.ValueKind == JsonValueKind.Null ? null : current;
    }

    public static string? Str(JsonElement? element, params string[] path) =>
        At(element, path) is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;

    public static long? Long(JsonElement? element, params string[] path) =>
        At(element, path) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt64(out var v) ? v : null;

    public static double? Double(JsonElement? element, params string[] path) =>
        At(element, path) is { ValueKind: JsonValueKind.Number } n ? n.GetDouble() : null;

    public static bool? Bool(JsonElement? element, params string[] path) =>
        At(element, path) is { ValueKind: JsonValueKind.True or JsonValueKind.False } b ? b.GetBoolean() : null;

    public static IReadOnlyList<string> Strings(JsonElement? element, params string[] path) =>
        At(element, path) is { ValueKind: JsonValueKind.Array } a ? [.. a.EnumerateArray().Select(Text)] : [];

    /// <summary>A value as one line of text: strings as they are, everything else as compact JSON.</summary>
    public static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Escaping for HTML happens when the page is written; here the text stays readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Pretty JSON for display.</summary>
    public static string Pretty(JsonElement value) => JsonSerializer.Serialize(value, Indented);
}
