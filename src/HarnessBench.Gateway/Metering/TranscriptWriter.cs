using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HarnessBench.Gateway.Metering;

/// <summary>
/// A cell's full request/response bodies as gzip JSONL (one line per request). Credentials are
/// redacted twice: by header name, and by value wherever a known key appears in the text. The file
/// is created with the first request: a cell whose harness never called the model has none.
/// </summary>
internal sealed class TranscriptWriter : IDisposable
{
    public const string Redacted = "[redacted]";

    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "x-api-key", "api-key", "proxy-authorization", "cookie",
    };

    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly IReadOnlyList<string> _secrets;
    private GZipStream? _gzip;
    private int _sequence;

    public TranscriptWriter(string path, IEnumerable<string?> secrets)
    {
        _path = path;
        _secrets = [.. secrets.Where(s => s is { Length: >= 4 })!];
    }

    public void Write(TranscriptEntry entry)
    {
        var line = new JsonObject
        {
            ["ts"] = entry.Timestamp.ToString("O"),
            ["method"] = entry.Method,
            ["path"] = entry.Path,
            ["request_headers"] = new JsonObject(entry.RequestHeaders.Select(h =>
                KeyValuePair.Create(h.Key, (JsonNode?)(SecretHeaders.Contains(h.Key) ? Redacted : h.Value)))),
            ["request"] = Body(entry.RequestBody),
            ["status"] = entry.Status,
            ["response"] = Body(entry.ResponseBody),
            ["duration_ms"] = entry.DurationMs,
            ["error"] = entry.Error,
        };
        lock (_lock)
        {
            line["seq"] = ++_sequence;
            byte[] bytes = Encoding.UTF8.GetBytes(Redact(line.ToJsonString()) + "\n");
            if (_gzip is null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_path))!);
                _gzip = new GZipStream(new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.Read), CompressionLevel.Fastest);
            }

            _gzip.Write(bytes);
            _gzip.Flush();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _gzip?.Dispose();
        }
    }

    /// <summary>JSON bodies stay JSON; SSE streams and other text are stored as strings.</summary>
    private static JsonNode? Body(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private string Redact(string text)
    {
        foreach (string secret in _secrets)
        {
            text = text.Replace(secret, Redacted, StringComparison.Ordinal);
        }

        return text;
    }
}

/// <summary>One request as the transcript stores it.</summary>
internal sealed record TranscriptEntry(
    DateTimeOffset Timestamp, string Method, string Path, IReadOnlyDictionary<string, string> RequestHeaders,
    string? RequestBody, int Status, string? ResponseBody, long DurationMs, string? Error);
