using System.Text.Json;
using HarnessBench.Core.Reports;
using HarnessBench.Core.Results;

namespace HarnessBench.Cli.Viewer;

/// <summary>
/// One run as loaded at one moment: its cells (warm-ups left out, as in reports), the report model
/// (built on first use), and an index of where each cell's last result line is in results.jsonl, so
/// that a cell page reads one line instead of the whole file.
/// </summary>
internal sealed class LoadedRun
{
    private readonly Lazy<Report> _report;
    private readonly Lazy<Dictionary<string, (long Offset, int Length)>> _lines;

    public LoadedRun(RunEntry entry, (long Length, DateTime Modified) stamp, ReportInput input)
    {
        Entry = entry;
        Stamp = stamp;
        Input = input;
        Cells = [.. input.Cells.OrderBy(c => c.Model, StringComparer.Ordinal).ThenBy(c => c.Harness, StringComparer.Ordinal)
            .ThenBy(c => c.Task, StringComparer.Ordinal).ThenBy(c => c.Repeat)];
        ById = Cells.ToDictionary(c => c.CellId, StringComparer.Ordinal);
        _report = new(() => ReportBuilder.Build(input));
        _lines = new(IndexLines);
    }

    public RunEntry Entry { get; }

    public (long Length, DateTime Modified) Stamp { get; }

    public ReportInput Input { get; }

    /// <summary>Cells ordered by model, harness, task, repeat.</summary>
    public IReadOnlyList<ReportCell> Cells { get; }

    public IReadOnlyDictionary<string, ReportCell> ById { get; }

    public Report Report => _report.Value;

    public DateTimeOffset? From => Cells.Count == 0 ? null : Cells.Min(c => c.StartedAt);

    public DateTimeOffset? To => Cells.Count == 0 ? null : Cells.Max(c => c.FinishedAt);

    /// <summary>cells/&lt;id&gt;: the cell's folder, or null for an id that could name another folder.</summary>
    public string? CellDirectory(string cellId) =>
        cellId.Length == 0 || cellId is "." or ".." || cellId.IndexOfAny(['/', '\\', '\0']) >= 0
            ? null
            : Path.Combine(Entry.Directory, "cells", cellId);

    /// <summary>The cell's full result line (every field, also those reports skip); null when not found or unreadable.</summary>
    public JsonElement? ResultLine(string cellId)
    {
        if (!_lines.Value.TryGetValue(cellId, out var at)) return null;
        try
        {
            using var file = new FileStream(Path.Combine(Entry.Directory, JsonlResultStore.FileName), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var bytes = new byte[at.Length];
            file.Seek(at.Offset, SeekOrigin.Begin);
            file.ReadExactly(bytes);
            using var doc = JsonDocument.Parse(bytes);
            return doc.RootElement.Clone();
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    private Dictionary<string, (long, int)> IndexLines()
    {
        var index = new Dictionary<string, (long, int)>(StringComparer.Ordinal);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(Path.Combine(Entry.Directory, JsonlResultStore.FileName));
        }
        catch (IOException)
        {
            return index;
        }

        var offset = 0;
        while (offset < bytes.Length)
        {
            var end = bytes.AsSpan(offset).IndexOf((byte)'\n');
            var length = end < 0 ? bytes.Length - offset : end;
            if (CellIdOf(bytes.AsSpan(offset, length)) is { } id) index[id] = (offset, length); // the last line per cell wins
            offset += length + 1;
        }

        return index;
    }

    /// <summary>The top-level "cell_id" of a line, reading no further than needed (it is the fourth field).</summary>
    private static string? CellIdOf(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("cell_id"u8);
                reader.Read();
                if (isId) return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // A torn or foreign line: the report loader warns about it already.
        }

        return null;
    }
}
