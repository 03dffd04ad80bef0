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

        // Usage the model reports and the gateway meters: the same character-based estimate.
        long prompt = Pacer.Tokens(call.RawBody);
        long completion = Pacer.Tokens(reply.Text) + Pacer.Tokens(reply.ToolCall?.Arguments);
        call.Meter.PromptTokens = prompt;
        call.Meter.CompletionTokens = completion;
        var pacer = new Pacer(plan.TokensPerSecond);
        await (call.Protocol == WireProtocol.Anthropic
            ? AnthropicScriptedWriter.WriteAsync(call, reply, pacer, prompt, completion)
            : OpenAiScriptedWriter.WriteAsync(call, reply, pacer, prompt, completion));
    }
}
