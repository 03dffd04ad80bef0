using System.Text.Json;
using System.Text.Json.Nodes;
using HarnessBench.Core.Config;

namespace HarnessBench.Gateway.Forwarding;

/// <summary>
/// An openai/anthropic model's endpoint settings: `base_url`, `model` (the upstream's name for it),
/// `api_key_env` (the NAME of an environment variable; the key itself is read when used and never
/// stored or logged), and extra request parameters merged into every request: every other key, plus
/// the keys of a `params` mapping (temperature, top_p, chat_template_kwargs...).
/// </summary>
internal sealed record UpstreamSettings(string BaseUrl, string? Model, string? ApiKeyEnv, IReadOnlyDictionary<string, JsonElement> ExtraParams)
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "base_url", "model", "api_key_env", "params", "family", "params_b", "quant", "prices", "tokens_per_second",
    };

    public static UpstreamSettings From(ModelSpec model)
    {
        string baseUrl = model.GetSetting("base_url") ?? throw new InvalidOperationException($"model {model.Name} has no base_url");
        var extra = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (model.Settings.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in model.Settings.EnumerateObject())
            {
                if (!Reserved.Contains(property.Name))
                {
                    extra[property.Name] = property.Value.Clone();
                }
            }

            if (model.Settings.TryGetProperty("params", out var parameters) && parameters.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in parameters.EnumerateObject())
                {
                    extra[property.Name] = property.Value.Clone();
                }
            }
        }

        return new UpstreamSettings(baseUrl.TrimEnd('/'), model.GetSetting("model"), model.GetSetting("api_key_env"), extra);
    }

    /// <summary>The key, read now from the environment; null when not configured or unset.</summary>
    public string? ApiKey() => ApiKeyEnv is { Length: > 0 } name && Environment.GetEnvironmentVariable(name) is { Length: > 0 } key ? key : null;

    public Uri ChatCompletionsUri => new(BaseUrl + "/chat/completions");

    public Uri MessagesUri => new(BaseUrl.EndsWith("/v1", StringComparison.Ordinal) ? BaseUrl + "/messages" : BaseUrl + "/v1/messages");

    /// <summary>The client's body with the model renamed, extra parameters merged, and (OpenAI streams) usage requested.</summary>
    public string Rewrite(string rawBody, bool openAiStream)
    {
        var body = JsonNode.Parse(rawBody) as JsonObject ?? throw new JsonException("the request body is not a JSON object");
        if (Model is not null)
        {
            body["model"] = Model;
        }

        foreach ((string key, JsonElement value) in ExtraParams)
        {
            body[key] = JsonNode.Parse(value.GetRawText());
        }

        if (openAiStream)
        {
            var options = body["stream_options"] as JsonObject ?? [];
            options["include_usage"] = true;
            body["stream_options"] = options;
        }

        return body.ToJsonString();
    }
}
