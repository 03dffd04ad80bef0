namespace HarnessBench.Gateway.Probing;

/// <summary>What the probe was asked to do.</summary>
/// <param name="Iterations">Timed iterations after the one discarded warm-up.</param>
/// <param name="OutputTokens">max_tokens of the short and long requests (the same budget, as the differential method needs).</param>
/// <param name="LongPromptTokens">Target size of the long prompt.</param>
/// <param name="ConversationPromptTokens">Target size of the multi-turn conversation's opening message.</param>
/// <param name="TurnOutputTokens">max_tokens of each conversation turn.</param>
internal sealed record ProbeSettings(
    int Iterations = 3,
    int OutputTokens = 300,
    int LongPromptTokens = 28_000,
    int ConversationPromptTokens = 8_000,
    int TurnOutputTokens = 100);

/// <summary>One measured figure: a stable key (JSON), a label and unit (table), its summary.</summary>
internal sealed record ProbeFigure(string Key, string Label, string Unit, Summary Summary);

/// <summary>One timed request: which scenario ("short", "long", "turn1".."turn3"), which iteration, what was measured.</summary>
internal sealed record ProbeRequest(string Scenario, int Iteration, StreamSample Sample);

/// <summary>Everything a probe measured, and the facts needed to read the figures honestly.</summary>
/// <param name="OutputCountSource">"usage" (the server's completion_tokens) or "counted chunks".</param>
/// <param name="PromptCountSource">"usage" (the server's prompt_tokens) or "estimated (4 characters per token)".</param>
/// <param name="ShortPromptTokens">Actual size of the short prompt (mean over the timed iterations).</param>
/// <param name="LongPromptTokens">Actual size of the long prompt.</param>
/// <param name="ReasoningSeen">Reasoning tokens arrived in some answer (streamed reasoning or usage.reasoning_tokens).</param>
/// <param name="CacheReported">The server reported cached prompt tokens.</param>
/// <param name="Requests">The raw measurements every figure is computed from (warm-up and calibration excluded).</param>
internal sealed record ProbeResult(
    string Model,
    string Protocol,
    string Thinking,
    bool IgnoreEosSent,
    ProbeSettings Settings,
    string OutputCountSource,
    string PromptCountSource,
    double ShortPromptTokens,
    double LongPromptTokens,
    double ConversationPromptTokens,
    bool ReasoningSeen,
    bool CacheReported,
    IReadOnlyList<ProbeFigure> Figures,
    IReadOnlyList<string> Notes,
    IReadOnlyList<ProbeRequest> Requests)
{
    public ProbeFigure? Figure(string key) => Figures.FirstOrDefault(f => f.Key == key);
}
