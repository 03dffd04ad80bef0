namespace HarnessBench.Core.Reports;

/// <summary>
/// The harness uplift: for each model, each real harness's pass rate minus the built-in bare loop's
/// (the no-harness baseline) on the same model. Present only when the run has bare cells.
/// </summary>
public sealed record Uplift(IReadOnlyList<UpliftRow> Rows);

/// <summary>One (model, harness) against the model's bare cells, on the tasks both ran (so that task sets cannot skew it).</summary>
/// <param name="SharedTasks">Tasks with graded cells under both the harness and bare; 0 when the model has no bare cell.</param>
/// <param name="Harnessed">The harness's pass rate over graded cells of the shared tasks (all its tasks when the model has no bare cell).</param>
/// <param name="Bare">The bare pass rate over graded cells of the shared tasks; null when the model has no bare cell.</param>
/// <param name="Delta">Harness rate minus bare rate, in [-1, 1]; null without both rates.</param>
public sealed record UpliftRow(string Model, string Harness, int SharedTasks, Rate Harnessed, Rate? Bare, double? Delta)
{
    /// <summary>The model has bare cells (but maybe none on this harness's tasks).</summary>
    public bool HasBare { get; init; }
}

/// <summary>Single-shot cells: per task and model, tokens and latency; and the token-efficiency ratios between models.</summary>
public sealed record SingleShotStats(IReadOnlyList<SingleShotTaskRow> Tasks, IReadOnlyList<TokenEfficiencyRow> Efficiency);

/// <summary>One (task, model) over its single-shot cells (repeats averaged).</summary>
/// <param name="MeanLatencyMs">Mean model-call latency (the agent process time of single-shot cells).</param>
public sealed record SingleShotTaskRow(string Task, string Model, int Cells, int Passes, double? MeanPromptTokens, double? MeanCompletionTokens, double? MeanLatencyMs)
{
    /// <summary>Some of the token counts are estimates, not the endpoint's usage reports.</summary>
    public bool TokensEstimated { get; init; }
}

/// <summary>Model A against model B on the single-shot tasks both have metered cells for.</summary>
/// <param name="Ratio">Completion tokens of A / completion tokens of B over those tasks (per-task means summed); null when B generated none.</param>
public sealed record TokenEfficiencyRow(string ModelA, string ModelB, int SharedTasks, double CompletionTokensA, double CompletionTokensB, double? Ratio, Rate RateA, Rate RateB)
{
    /// <summary>Some of either model's token counts are estimates.</summary>
    public bool TokensEstimated { get; init; }
}
