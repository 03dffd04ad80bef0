using System.Text.Json.Nodes;

namespace HarnessBench.Gateway.Probing;

/// <summary>`--thinking`: what the probe asks of a reasoning model.</summary>
internal enum ThinkingMode
{
    /// <summary>Send nothing: whatever the server does by default.</summary>
    Default,

    On,

    Off,
}

/// <summary>How thinking is switched on OpenAI-compatible servers (Anthropic has one way: `thinking`).</summary>
internal enum ThinkingStyle
{
    /// <summary>`chat_template_kwargs: {enable_thinking: bool}`: llama.cpp's llama-server, vLLM, SGLang (Qwen3-style templates).</summary>
    TemplateKwargs,

    /// <summary>`reasoning_effort: high|minimal`: OpenAI and servers that follow its reasoning models.</summary>
    ReasoningEffort,
}

/// <summary>Maps a thinking mode onto request parameters.</summary>
internal static class ThinkingParameters
{
    /// <summary>Thinking budget asked of Anthropic models when on (the API's minimum is 1024).</summary>
    public const int AnthropicBudget = 1024;

    /// <summary>Adds the mode's parameters to an OpenAI chat completions body; Default adds nothing.</summary>
    public static void ApplyOpenAi(JsonObject body, ThinkingMode mode, ThinkingStyle style)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (mode == ThinkingMode.Default)
        {
            return;
        }

        if (style == ThinkingStyle.ReasoningEffort)
        {
            body["reasoning_effort"] = mode == ThinkingMode.On ? "high" : "minimal";
            return;
        }

        var kwargs = body["chat_template_kwargs"] as JsonObject ?? [];
        kwargs["enable_thinking"] = mode == ThinkingMode.On;
        body["chat_template_kwargs"] = kwargs;
    }

    /// <summary>Adds `thinking` to an Anthropic messages body; on raises max_tokens by the budget (the API wants max_tokens above it).</summary>
    public static void ApplyAnthropic(JsonObject body, ThinkingMode mode, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(body);
        switch (mode)
        {
            case ThinkingMode.On:
                body["thinking"] = new JsonObject { ["type"] = "enabled", ["budget_tokens"] = AnthropicBudget };
                body["max_tokens"] = maxTokens + AnthropicBudget;
                break;
            case ThinkingMode.Off:
                body["thinking"] = new JsonObject { ["type"] = "disabled" };
                break;
        }
    }

    /// <summary>What was sent, for the record: e.g. "on (chat_template_kwargs.enable_thinking=true)".</summary>
    public static string Describe(ThinkingMode mode, ThinkingStyle style, bool anthropic) => mode switch
    {
        ThinkingMode.Default => "default (nothing sent)",
        _ when anthropic => mode == ThinkingMode.On ? $"on (thinking.type=enabled, budget_tokens={AnthropicBudget})" : "off (thinking.type=disabled)",
        _ when style == ThinkingStyle.ReasoningEffort => mode == ThinkingMode.On ? "on (reasoning_effort=high)" : "off (reasoning_effort=minimal)",
        _ => mode == ThinkingMode.On ? "on (chat_template_kwargs.enable_thinking=true)" : "off (chat_template_kwargs.enable_thinking=false)",
    };
}
