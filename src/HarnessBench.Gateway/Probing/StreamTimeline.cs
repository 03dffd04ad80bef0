using System.Text.Json;

namespace HarnessBench.Gateway.Probing;

/// <summary>
/// Reads one streamed response line by line, with the time each line arrived, and keeps what a
/// speed probe needs. A token is a chunk with non-empty content (or tool-call text) or reasoning:
/// role-only chunks, empty deltas, finish and usage chunks and `:` keep-alive comments are not
/// tokens, so time to first token is not flattered by a server that sends its role chunk at once.
/// Both OpenAI chat-completion chunks and Anthropic message events are understood. Pure: no I/O.
/// </summary>
internal sealed class StreamTimeline
{
    private long _inputTokens;
    private long _cacheRead;
    private long _cacheCreation;
    private bool _anthropicUsage;

    public long? FirstContentAt { get; private set; }

    public long? FirstReasoningAt { get; private set; }

    public long? FirstTokenAt { get; private set; }

    public long? LastTokenAt { get; private set; }

    public int ContentChunks { get; private set; }

    public int ReasoningChunks { get; private set; }

    public long? PromptTokens { get; private set; }

    public long? CompletionTokens { get; private set; }

    public long? CachedTokens { get; private set; }

    public long? ReasoningTokens { get; private set; }

    /// <summary>`data: [DONE]` (OpenAI) or `message_stop` (Anthropic) arrived.</summary>
    public bool Finished { get; private set; }

    /// <summary>An error event's message, if the stream carried one.</summary>
    public string? Error { get; private set; }

    /// <summary>Feeds one line (without its newline) that arrived at <paramref name="timestamp"/> (any monotonic unit).</summary>
    public void Line(string line, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.StartsWith("data:", StringComparison.Ordinal))
        {
            return; // `event:` names are repeated in the data's "type"; `:` lines are keep-alives
        }

        string data = line[5..].Trim();
        if (data == "[DONE]")
        {
            Finished = true;
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(data);
        }
        catch (JsonException)
        {
            return; // a data line split over several lines is not something these servers send
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            if (root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String)
            {
                Anthropic(type.GetString()!, root, timestamp);
            }
            else
            {
                OpenAi(root, timestamp);
            }
        }
    }

    private void OpenAi(JsonElement chunk, long timestamp)
    {
        if (chunk.TryGetProperty("error", out var error))
        {
            Error = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) ? m.ToString() : error.ToString();
        }

        if (chunk.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
        {
            foreach (var choice in choices.EnumerateArray())
            {
                if (!choice.TryGetProperty("delta", out var delta) || delta.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                if (NonEmpty(delta, "reasoning_content") || NonEmpty(delta, "reasoning"))
                {
                    Reasoning(timestamp);
                }

                if (NonEmpty(delta, "content") || (delta.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0))
                {
                    Content(timestamp);
                }
            }
        }

        if (chunk.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            PromptTokens = Long(usage, "prompt_tokens") ?? PromptTokens;
            CompletionTokens = Long(usage, "completion_tokens") ?? CompletionTokens;
            if (usage.TryGetProperty("prompt_tokens_details", out var prompt) && Long(prompt, "cached_tokens") is { } cached)
            {
                CachedTokens = cached;
            }

            if (usage.TryGetProperty("completion_tokens_details", out var completion) && Long(completion, "reasoning_tokens") is { } reasoning)
            {
                ReasoningTokens = reasoning;
            }
        }
    }

    private void Anthropic(string type, JsonElement evt, long timestamp)
    {
        switch (type)
        {
            case "message_start" when evt.TryGetProperty("message", out var message) && message.TryGetProperty("usage", out var usage):
                AnthropicUsage(usage);
                break;
            case "message_delta" when evt.TryGetProperty("usage", out var usage):
                AnthropicUsage(usage);
                break;
            case "content_block_delta" when evt.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object:
                if (NonEmpty(delta, "thinking"))
                {
                    Reasoning(timestamp);
                }
                else if (NonEmpty(delta, "text") || NonEmpty(delta, "partial_json"))
                {
                    Content(timestamp);
                }

                break;
            case "message_stop":
                Finished = true;
                break;
            case "error":
                Error = evt.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) ? m.ToString() : evt.ToString();
                break;
        }
    }

    /// <summary>input_tokens excludes the cache on Anthropic: prompt = input + cache read + cache creation.</summary>
    private void AnthropicUsage(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        _inputTokens = Long(usage, "input_tokens") ?? _inputTokens;
        _cacheRead = Long(usage, "cache_read_input_tokens") ?? _cacheRead;
        _cacheCreation = Long(usage, "cache_creation_input_tokens") ?? _cacheCreation;
        if (usage.TryGetProperty("input_tokens", out _) || _anthropicUsage)
        {
            _anthropicUsage = true;
            PromptTokens = _inputTokens + _cacheRead + _cacheCreation;
            CachedTokens = usage.TryGetProperty("cache_read_input_tokens", out _) || CachedTokens is not null ? _cacheRead : null;
        }

        // output_tokens is cumulative; message_start's is a placeholder that message_delta replaces.
        CompletionTokens = Long(usage, "output_tokens") ?? CompletionTokens;
    }

    private void Content(long timestamp)
    {
        ContentChunks++;
        FirstContentAt ??= timestamp;
        Token(timestamp);
    }

    private void Reasoning(long timestamp)
    {
        ReasoningChunks++;
        FirstReasoningAt ??= timestamp;
        Token(timestamp);
    }

    private void Token(long timestamp)
    {
        FirstTokenAt ??= timestamp;
        LastTokenAt = timestamp;
    }

    private static bool NonEmpty(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0;

    private static long? Long(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;
}
