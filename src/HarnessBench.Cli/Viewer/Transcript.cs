using System.IO.Compression;
using System.Text.Json;

namespace HarnessBench.Cli.Viewer;

/// <summary>One model request as the gateway's transcript stored it, with the usage its response reported.</summary>
/// <param name="Protocol">"anthropic" (/v1/messages), "openai" (chat completions) or the path's last segment.</param>
/// <param name="Messages">Messages in the request (conversation length).</param>
/// <param name="Stop">finish_reason / stop_reason of the response, where it says.</param>
internal sealed record ModelRequest(
    long Seq,
    DateTimeOffset? At,
    string Protocol,
    int? Status,
    long? DurationMs,
    bool Stream,
    int? Messages,
    long? PromptTokens,
    long? CompletionTokens,
    long? CachedTokens,
    string? Stop,
    string? Error);

/// <summary>
/// Reads cells/&lt;id&gt;/gateway.transcript.jsonl.gz into one row per request. The transcript keeps
/// whole bodies (streams as their SSE text) and each request's duration, but not the arrival time of
/// each chunk: time to first token exists only as the cell's mean in the result line's metering.
/// </summary>
internal static class Transcript
{
    public const string FileName = "gateway.transcript.jsonl.gz";
    private const int MaxRequests = 1000;

    public static (IReadOnlyList<ModelRequest> Requests, string? Problem)? Read(string cellDirectory)
    {
        if (RawFiles.Resolve(cellDirectory, FileName) is not { } path) return null;
        var requests = new List<ModelRequest>();
        string? problem = null;
        try
        {
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            while (reader.ReadLine() is { } line)
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                if (requests.Count >= MaxRequests)
                {
                    problem = $"only the first {MaxRequests} requests are shown";
                    break;
                }

                try
                {
                    using var doc = JsonDocument.Parse(line);
                    requests.Add(Request(doc.RootElement, requests.Count + 1));
                }
                catch (JsonException e)
                {
                    problem = $"request {requests.Count + 1} is not JSON: {e.Message}";
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            // A transcript cut short (the gateway died mid-write) still shows its complete requests.
            problem = $"the transcript ends early: {e.Message}";
        }

        return (requests, problem);
    }

    private static ModelRequest Request(JsonElement line, int position)
    {
        var path = Json.Str(line, "path") ?? "";
        var protocol = path.Contains("/v1/messages", StringComparison.Ordinal) ? "anthropic"
            : path.Contains("/chat/completions", StringComparison.Ordinal) ? "openai"
            : path.Split('?')[0].Split('/').LastOrDefault(s => s.Length > 0) ?? "?";
        var request = Json.At(line, "request");
        var usage = new Usage();
        string? stop = null;
        if (Json.At(line, "response") is { } response)
        {
            if (response.ValueKind == JsonValueKind.Object) usage.From(response, ref stop);
            else if (response.ValueKind == JsonValueKind.String) FromStream(response.GetString() ?? "", usage, ref stop);
        }

        DateTimeOffset? at = DateTimeOffset.TryParse(Json.Str(line, "ts"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var t) ? t : null;
        return new ModelRequest(Json.Long(line, "seq") ?? position, at, protocol, (int?)Json.Long(line, "status"), Json.Long(line, "duration_ms"),
            Json.Bool(request, "stream") ?? false, Json.At(request, "messages") is { ValueKind: JsonValueKind.Array } m ? m.GetArrayLength() : null,
            usage.Prompt, usage.Completion, usage.Cached, stop, Json.Str(line, "error"));
    }

    /// <summary>SSE: every "data:" JSON event may carry usage (OpenAI's last chunk; Anthropic's message_start and message_delta).</summary>
    private static void FromStream(string sse, Usage usage, ref string? stop)
    {
        foreach (var raw in sse.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (!line.StartsWith("data:", StringComparison.Ordinal)) continue;
            var data = line[5..].Trim();
            if (data.Length == 0 || data[0] != '{') continue;
            try
            {
                using var doc = JsonDocument.Parse(data);
                usage.From(doc.RootElement, ref stop);
            }
            catch (JsonException)
            {
                // A malformed event: the gateway metered it as such; nothing to add here.
            }
        }
    }

    /// <summary>Usage as either protocol reports it; later reports of a count replace earlier ones.</summary>
    private sealed class Usage
    {
        public long? Prompt { get; private set; }

        public long? Completion { get; private set; }

        public long? Cached { get; private set; }

        public void From(JsonElement body, ref string? stop)
        {
            foreach (var u in new[] { Json.At(body, "usage"), Json.At(body, "message", "usage") })
            {
                if (u is not { ValueKind: JsonValueKind.Object }) continue;
                Prompt = Json.Long(u, "prompt_tokens") ?? Json.Long(u, "input_tokens") ?? Prompt;
                Completion = Json.Long(u, "completion_tokens") ?? Json.Long(u, "output_tokens") ?? Completion;
                Cached = Json.Long(u, "prompt_tokens_details", "cached_tokens") ?? Json.Long(u, "cache_read_input_tokens") ?? Cached;
            }

            stop = Json.Str(body, "delta", "stop_reason") ?? Json.Str(body, "stop_reason") ?? stop;
            if (Json.At(body, "choices") is { ValueKind: JsonValueKind.Array } choices)
            {
                foreach (var choice in choices.EnumerateArray()) stop = Json.Str(choice, "finish_reason") ?? stop;
            }
        }
    }
}
