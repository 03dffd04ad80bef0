using System.Text;
using System.Text.Json;

namespace HarnessBench.Cli.Tests.Infrastructure;

/// <summary>One line of results.jsonl, read with plain JSON (not the product's record types).</summary>
internal sealed record ResultLine(string CellId, string Verdict, string? ErrorKind, string SessionId, JsonElement Json)
{
    public int? GraderExitCode => Json.TryGetProperty("grader_exit_code", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    public override string ToString() => $"{CellId}: {Verdict}{(ErrorKind is null ? "" : " " + ErrorKind)} (session {SessionId})";
}

/// <summary>results.jsonl as bytes on disk: complete lines, plus a trailing partial line if a write was torn.</summary>
internal sealed record ResultsFile(IReadOnlyList<ResultLine> Lines, string? PartialTail, byte[] Bytes)
{
    public static ResultsFile Read(string path)
    {
        if (!File.Exists(path))
        {
            return new ResultsFile([], null, []);
        }

        var bytes = File.ReadAllBytes(path);
        var text = Encoding.UTF8.GetString(bytes);
        var parts = text.Split('\n');
        var lines = new List<ResultLine>();
        foreach (var line in parts[..^1])
        {
            // Every complete line must be a result: anything else is a corrupt store.
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement.Clone();
            lines.Add(new ResultLine(
                root.GetProperty("cell_id").GetString()!,
                root.GetProperty("verdict").GetString()!,
                root.GetProperty("error_kind").ValueKind == JsonValueKind.Null ? null : root.GetProperty("error_kind").GetString(),
                root.GetProperty("session_id").GetString()!,
                root));
        }

        return new ResultsFile(lines, parts[^1].Length == 0 ? null : parts[^1], bytes);
    }

    /// <summary>The bytes of the complete lines (everything up to the last newline).</summary>
    public byte[] CompleteBytes => Bytes[..(Array.LastIndexOf(Bytes, (byte)'\n') + 1)];

    /// <summary>The last line per cell id: what resume and reports go by.</summary>
    public IReadOnlyDictionary<string, ResultLine> Latest =>
        Lines.GroupBy(l => l.CellId).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    public override string ToString() => Lines.Count == 0 && PartialTail is null
        ? "(no result lines)"
        : string.Join('\n', Lines) + (PartialTail is null ? "" : $"\n(partial tail: {PartialTail.Length} chars)");
}
