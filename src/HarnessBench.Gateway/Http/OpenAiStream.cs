using System.Text.Json;

namespace HarnessBench.Gateway.Http;

/// <summary>OpenAI request details shared by the scripted model and the forwarder.</summary>
internal static class OpenAiStream
{
    /// <summary>True when the client asked for the usage-only chunk (stream_options.include_usage).</summary>
    public static bool ClientWantsUsage(JsonElement body) =>
        body.TryGetProperty("stream_options", out var options) && options.ValueKind == JsonValueKind.Object
        && options.TryGetProperty("include_usage", out var include) && include.ValueKind == JsonValueKind.True;
}
