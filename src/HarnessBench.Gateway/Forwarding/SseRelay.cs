using System.Text.Json;
using HarnessBench.Gateway.Http;
using HarnessBench.Gateway.Metering;

namespace HarnessBench.Gateway.Forwarding;

/// <summary>
/// Relays SSE events one at a time, metering as they pass. Drops the usage-only OpenAI chunk the
/// gateway asked for on its own behalf when the client did not ask for it.
/// </summary>
internal sealed class SseRelay(ModelCall call)
{
    private readonly bool _clientWantsUsage = OpenAiStream.ClientWantsUsage(call.Body);
    private AnthropicUsage _anthropic;

    /// <summary>True once `data: [DONE]` (OpenAI) or message_stop (Anthropic) passed.</summary>
    public bool Finished { get; private set; }

    public async Task EventAsync(IReadOnlyList<string> lines)
    {
        string data = string.Join("\n", lines.Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].TrimStart()));
        bool forward = data.Length == 0 || Inspect(data);
        if (forward)
        {
            await call.WriteEventAsync(string.Join("\n", lines) + "\n\n");
        }
    }

    /// <summary>Meters one event's data; false = do not forward it.</summary>
    private bool Inspect(string data)
    {
        if (data == "[DONE]")
        {
            Finished = true;
            return true;
        }

        try
        {
            using var doc = JsonDocument.Parse(data);
            JsonElement root = doc.RootElement;
            return call.Protocol == WireProtocol.OpenAi ? OpenAi(root) : Anthropic(root);
        }
        catch (JsonException e)
        {
            call.Meter.Fail(EndpointErrorKinds.MalformedStream, "unparseable event: " + e.Message);
            return true;
        }
    }

    private bool OpenAi(JsonElement chunk)
    {
        if (UsageReader.OpenAiHasToken(chunk))
        {
            call.Meter.Token();
        }

        if (chunk.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            UsageReader.OpenAi(usage, call.Meter);
            bool usageOnly = chunk.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() == 0;
            return _clientWantsUsage || !usageOnly;
        }

        return true;
    }

    private bool Anthropic(JsonElement evt)
    {
        string? type = evt.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (UsageReader.AnthropicHasToken(evt))
        {
            call.Meter.Token();
        }

        switch (type)
        {
            case "message_start" when evt.TryGetProperty("message", out var message) && message.TryGetProperty("usage", out var usage):
                UsageReader.Anthropic(usage, call.Meter, ref _anthropic);
                break;
            case "message_delta" when evt.TryGetProperty("usage", out var usage):
                UsageReader.Anthropic(usage, call.Meter, ref _anthropic);
                break;
            case "message_stop":
                Finished = true;
                break;
            case "error":
                call.Meter.Fail(EndpointErrorKinds.Http5xx, "error event in the stream");
                Finished = true;
                break;
        }

        return true;
    }
}
