using System.Text;
using System.Text.Json.Nodes;

namespace HarnessBench.Gateway.Tests.Infrastructure;

/// <summary>One server-sent event: its `event:` name (Anthropic) and `data:` text.</summary>
internal sealed record SseEvent(string? Event, string Data)
{
    public JsonObject Json => (JsonObject)JsonNode.Parse(Data)!;
}

/// <summary>Reads SSE events one at a time as they arrive.</summary>
internal sealed class SseReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    public async Task<SseEvent?> NextAsync(CancellationToken ct = default)
    {
        string? name = null;
        var data = new List<string>();
        while (await _reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0 || name is not null)
                {
                    return new SseEvent(name, string.Join("\n", data));
                }

                continue;
            }

            if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Add(line[5..].TrimStart());
            }
        }

        return data.Count > 0 ? new SseEvent(name, string.Join("\n", data)) : null;
    }

    public async Task<List<SseEvent>> AllAsync(CancellationToken ct = default)
    {
        var events = new List<SseEvent>();
        while (await NextAsync(ct) is { } e)
        {
            events.Add(e);
        }

        return events;
    }

    public void Dispose() => _reader.Dispose();
}
