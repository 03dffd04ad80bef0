using System.Text.Json.Nodes;

namespace HarnessBench.Core.Agents;

/// <summary>
/// An OpenAI chat-completions model as the in-process agents (bare, single-shot) see it: one
/// non-streamed completion per call. Production: <see cref="GatewayChatModel"/>; tests: a fake.
/// </summary>
public interface IChatModel
{
    /// <summary>One completion of <paramref name="messages"/> (OpenAI message objects), offering <paramref name="tools"/> (none when empty).</summary>
    /// <exception cref="ModelCallException">The endpoint refused or failed; the gateway meters it as an endpoint error.</exception>
    Task<ChatReply> CompleteAsync(IReadOnlyList<JsonObject> messages, JsonArray tools, CancellationToken cancellationToken);
}

/// <summary>The assistant's answer: text and/or tool calls, with the usage the endpoint reported.</summary>
/// <param name="FinishReason">stop, tool_calls, length...; null when not reported.</param>
public sealed record ChatReply(string? Content, IReadOnlyList<ChatToolCall> ToolCalls, string? FinishReason, ChatUsage? Usage);

/// <summary>One tool call: <paramref name="Arguments"/> is the raw JSON text the model produced (maybe invalid).</summary>
public sealed record ChatToolCall(string Id, string Name, string Arguments);

/// <summary>Token counts from the reply's usage object.</summary>
public sealed record ChatUsage(long? PromptTokens, long? CompletionTokens);

/// <summary>The model endpoint failed (HTTP error, unreadable reply, connection refused).</summary>
public sealed class ModelCallException : Exception
{
    public ModelCallException(string message) : base(message) { }

    public ModelCallException(string message, Exception inner) : base(message, inner) { }

    public ModelCallException() { }
}
