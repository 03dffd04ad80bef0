using System.Text.Json;
using HarnessBench.Gateway.Metering;

namespace HarnessBench.Gateway.Forwarding;

/// <summary>Reads upstream usage and token events of both protocols into a <see cref="RequestMeter"/>.</summary>
internal static class UsageReader
{
    /// <summary>OpenAI usage: prompt_tokens, completion_tokens, completion_tokens_details.reasoning_tokens, prompt_tokens_details.cached_tokens.</summary>
    public static void OpenAi(JsonElement usage, RequestMeter meter)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        meter.TokensSource = Core.Results.TokenSources.Usage;
        meter.PromptTokens = Long(usage, "prompt_tokens") ?? meter.PromptTokens;
        meter.CompletionTokens = Long(usage, "completion_tokens") ?? meter.CompletionTokens;
        if (usage.TryGetProperty("completion_tokens_details", out var completion) && Long(completion, "reasoning_tokens") is { } reasoning)
        {
            meter.ReasoningTokens = reasoning;
        }

        if (usage.TryGetProperty("prompt_tokens_details", out var prompt) && Long(prompt, "cached_tokens") is { } cached)
        {
            meter.CachedTokens = cached;
        }
    }

    /// <summary>
    /// Anthropic usage (message_start, message_delta, non-streamed message): prompt = input_tokens +
    /// cache_read_input_tokens + cache_creation_input_tokens (Anthropic's input_tokens excludes the
    /// cache), cached = cache_read_input_tokens, completion = output_tokens (cumulative; latest wins).
    /// </summary>
    public static void Anthropic(JsonElement usage, RequestMeter meter, ref AnthropicUsage state)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        meter.TokensSource = Core.Results.TokenSources.Usage;
        state = new AnthropicUsage(
            Long(usage, "input_tokens") ?? state.Input,
            Long(usage, "cache_read_input_tokens") ?? state.CacheRead,
            Long(usage, "cache_creation_input_tokens") ?? state.CacheCreation);
        meter.PromptTokens = state.Input + state.CacheRead + state.CacheCreation;
        meter.CachedTokens = state.CacheRead;
        meter.CompletionTokens = Long(usage, "output_tokens") ?? meter.CompletionTokens;
    }

    /// <summary>True when an OpenAI chunk carries content, reasoning or tool-call text (a role-only chunk does not).</summary>
    public static bool OpenAiHasToken(JsonElement chunk)
    {
        if (!chunk.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var choice in choices.EnumerateArray())
        {
            if (!choice.TryGetProperty("delta", out var delta) || delta.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (NonEmpty(delta, "content") || NonEmpty(delta, "reasoning_content") || NonEmpty(delta, "reasoning")
                || (delta.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for content_block_delta events with text, thinking or tool input.</summary>
    public static bool AnthropicHasToken(JsonElement evt) =>
        evt.TryGetProperty("type", out var type) && type.GetString() == "content_block_delta"
        && evt.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object
        && (NonEmpty(delta, "text") || NonEmpty(delta, "thinking") || NonEmpty(delta, "partial_json"));

    private static bool NonEmpty(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0;

    private static long? Long(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;
}

/// <summary>Anthropic's usage parts seen so far in one stream.</summary>
internal record struct AnthropicUsage(long Input, long CacheRead, long CacheCreation);
