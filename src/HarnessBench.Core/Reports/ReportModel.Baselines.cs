namespace HarnessBench.Core.Reports;

/// <summary>
/// The harness uplift: for each model, each real harness's pass rate minus the built-in bare loop's
/// (the no-harness baseline) on the same model. Present only when the run has bare cells.
/// </summary>
public sealed record Uplift(IReadOnlyList<UpliftRow> Rows);

/// <summary>One (model, harness) against the model's bare cells.</summary>
/// <param name="Bare">The model's bare pass rate (graded); null when the model has no bare cell.</param>
/// <param name="Delta">Harness rate minus bare rate, in [-1, 1]; null without both rates.</param>
public sealed record UpliftRow(string Model, string Harness, Rate Harnessed, Rate? Bare, double? Delta);

/// <summary>Single-shot cells: per task and model, tokens and latency; and the token-efficiency ratios between models.</summary>
public sealed record SingleShotStats(IReadOnlyList<SingleShotTaskRow> Tasks, IReadOnlyList<TokenEfficiencyRow> Efficiency);

/// <summary>One (task, model) over its single-shot cells (repeats averaged).</summary>
/// <param name="MeanLatencyMs">Mean model-call latency (the agent process time of single-shot cells).</param>
public sealed record SingleShotTaskRow(string Task, string Model, int Cells, int Passes, double? MeanPromptTokens, double? MeanCompletionTokens, double? MeanLatencyMs);

/// <summary>Model A against model B on the single-shot tasks both have metered cells for.</summary>
/// <param name="Ratio">Completion tokens of A / completion tokens of B over those tasks (per-task means summed); null when B generated none.</param>
public sealed record TokenEfficiencyRow(string ModelA, string ModelB, int SharedTasks, double CompletionTokensA, double CompletionTokensB, double? Ratio, Rate RateA, Rate RateB);
