using HarnessBench.Gateway.Http;
using HarnessBench.Gateway.Metering;

namespace HarnessBench.Gateway.Scripted;

/// <summary>
/// The scripted model behind one cell. Stateless per request: the turn comes from the number of
/// assistant messages the client sends back, so retries and parallel side requests are harmless.
/// </summary>
internal sealed class ScriptedBackend(ScriptPlan plan) : IModelBackend
{
    public async Task HandleAsync(ModelCall call)
    {
        ScriptTurn turn = plan.TurnAt(ScriptReply.TurnIndex(call.Body));
        ScriptReply reply = ScriptReply.For(turn, ToolCatalog.Offered(call.Body), call.Protocol);
        if (reply.FailStatus != 0)
        {
            call.Meter.Fail(EndpointErrorKinds.ForStatus(reply.FailStatus), $"scripted failure {reply.FailStatus}");
            await call.WriteErrorAsync(reply.FailStatus, reply.FailStatus >= 500 ? "api_error" : "invalid_request_error",
                $"scripted endpoint failure (HTTP {reply.FailStatus})");
            return;
        }

        if (plan.FillMaxTokens && reply.ToolCall is null && RequestedMaxTokens(call.Body) is { } max)
        {
            reply = reply with { Text = Fill(reply.Text, max) };
        }

        // Usage the model reports and the gateway meters: the same character-based estimate, marked as
        // one so that reports never present it as a tokenizer's count.
        long prompt = Pacer.Tokens(call.RawBody);
        long completion = Pacer.Tokens(reply.Text) + Pacer.Tokens(reply.ToolCall?.Arguments);
        call.Meter.PromptTokens = prompt;
        call.Meter.CompletionTokens = completion;
        call.Meter.TokensSource = Core.Results.TokenSources.Estimate;
        var pacer = new Pacer(plan.TokensPerSecond,
            plan.PrefillTokensPerSecond > 0 ? TimeSpan.FromSeconds(prompt / plan.PrefillTokensPerSecond) : TimeSpan.Zero);
        await (call.Protocol == WireProtocol.Anthropic
            ? AnthropicScriptedWriter.WriteAsync(call, reply, pacer, prompt, completion)
            : OpenAiScriptedWriter.WriteAsync(call, reply, pacer, prompt, completion));
    }

    /// <summary>max_completion_tokens (newer OpenAI clients) or max_tokens; null when absent or not a positive integer.</summary>
    internal static int? RequestedMaxTokens(System.Text.Json.JsonElement body)
    {
        foreach (string name in (string[])["max_completion_tokens", "max_tokens"])
        {
            if (body.TryGetProperty(name, out var value) && value.TryGetInt32(out int tokens) && tokens > 0)
            {
                return tokens;
            }
        }

        return null;
    }

    /// <summary>The text repeated (or cut) to exactly <paramref name="tokens"/> scripted tokens of <see cref="Pacer.CharsPerToken"/> characters.</summary>
    internal static string Fill(string? text, int tokens)
    {
        string unit = string.IsNullOrEmpty(text) ? "token " : text + " ";
        int length = tokens * Pacer.CharsPerToken;
        var sb = new System.Text.StringBuilder(length + unit.Length);
        while (sb.Length < length)
        {
            sb.Append(unit);
        }

        return sb.ToString(0, length);
    }
}
