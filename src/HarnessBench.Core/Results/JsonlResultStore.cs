using System.Text;
using System.Text.Json;

namespace HarnessBench.Core.Results;

/// <summary>
/// results.jsonl in a run directory: one JSON object per line, appended under a lock, each line
/// flushed to disk (fsync) before the next. A writer holds results.jsonl.lock so that two
/// processes never append to the same run. On open, a torn last line (kill -9 mid-write) is
/// repaired: completed when it is a whole result, otherwise cut off, and reported either way.
/// </summary>
public sealed class JsonlResultStore : IResultStore, IDisposable
{
    public const string FileName = "results.jsonl";

    private readonly FileStream _lock;
    private readonly FileStream _stream;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IReadOnlyList<string> _repairs;

    private JsonlResultStore(string path, FileStream lockFile, FileStream stream, IReadOnlyList<string> repairs)
    {
        FilePath = path;
        _lock = lockFile;
        _stream = stream;
        _repairs = repairs;
    }

    public string FilePath { get; }

    /// <summary>Opens (creating if needed) the results file of a run for appending.</summary>
    /// <exception cref="IOException">Another process has the run open; the message says so.</exception>
    public static JsonlResultStore Open(string runDirectory)
    {
        Directory.CreateDirectory(runDirectory);
        var path = Path.Combine(runDirectory, FileName);
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new IOException(
                $"The run in '{runDirectory}' is in use by another hbench process. Wait for it to finish, or choose another run name. ({ex.Message})", ex);
        }
        try
        {
            var repairs = RepairTail(path);
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            return new JsonlResultStore(path, lockFile, stream, repairs);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>Reads a results file without modifying it (a torn last line is skipped with a warning).</summary>
    /// <exception cref="InvalidDataException">A line has a newer schema than this version understands.</exception>
    public static StoredResults Read(string path)
    {
        if (!File.Exists(path)) return StoredResults.Empty;
        var bytes = File.ReadAllBytes(path);
        var latest = new Dictionary<string, CellResult>(StringComparer.Ordinal);
        var warnings = new List<string>();
        var lines = 0;
        var lineNumber = 0;
        var rest = bytes.AsSpan();
        while (rest.Length > 0)
        {
            lineNumber++;
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (line.Trim((byte)' ').IsEmpty) continue;
            if (end < 0)
            {
                warnings.Add($"{path}:{lineNumber}: ignored a partial last line ({line.Length} bytes) left by an interrupted write");
                break;
            }
            if (TryParse(line, out var result, out var error))
            {
                latest[result.CellId] = result;
                lines++;
            }
            else
            {
                warnings.Add($"{path}:{lineNumber}: skipped a line that is not a result ({error})");
            }
        }
        return new StoredResults(latest, lines, warnings);
    }

    public Task<StoredResults> LoadAsync(CancellationToken cancellationToken)
    {
        var stored = Read(FilePath);
        return Task.FromResult(stored with { Warnings = [.. _repairs, .. stored.Warnings] });
    }

    public async Task AppendAsync(CellResult result, CancellationToken cancellationToken)
    {
        var json = ResultJson.Serialize(result);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // One write per line, then fsync: a crash leaves at most one torn last line.
            _stream.Write(line);
            _stream.Flush(flushToDisk: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _lock.Dispose();
        _gate.Dispose();
    }

    private static IReadOnlyList<string> RepairTail(string path)
    {
        if (!File.Exists(path)) return [];
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        if (file.Length == 0) return [];
        var bytes = new byte[file.Length];
        file.ReadExactly(bytes);
        if (bytes[^1] == (byte)'\n') return [];
        var start = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        var tail = bytes.AsSpan(start);
        if (TryParse(tail, out var result, out _))
        {
            file.Write("\n"u8);
            file.Flush(flushToDisk: true);
            return [$"{path}: completed the last line (cell {result.CellId}), which was missing its newline"];
        }
        file.SetLength(start);
        file.Flush(flushToDisk: true);
        var preview = Encoding.UTF8.GetString(tail[..Math.Min(tail.Length, 80)]);
        return [$"{path}: removed a partial last line ({tail.Length} bytes) left by an interrupted write; that cell will run again: {preview}"];
    }

    private static bool TryParse(ReadOnlySpan<byte> line, out CellResult result, out string? error)
    {
        try
        {
            result = ResultJson.Deserialize(line);
        }
        catch (JsonException ex)
        {
            result = null!;
            error = ex.Message;
            return false;
        }
        if (result.Schema > CellResult.CurrentSchema)
        {
            throw new InvalidDataException(
                $"A result line has schema {result.Schema}, newer than this version understands ({CellResult.CurrentSchema}). Use a newer hbench to read this run.");
        }
        error = null;
        return true;
    }
}
