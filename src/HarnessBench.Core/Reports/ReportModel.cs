using HarnessBench.Core.Results;

namespace HarnessBench.Core.Reports;

/// <summary>
/// Everything a report shows, computed once by <see cref="ReportBuilder"/> and rendered as markdown,
/// HTML or text. Optional sections are null when the run has no data for them.
/// </summary>
public sealed record Report(
    ReportHeader Header,
    IReadOnlyList<PairRow> Leaderboard,
    ReportColumns Columns,
    FrontierPlot TimeFrontier,
    FrontierPlot? TokenFrontier,
    IReadOnlyList<MarginalRow> Models,
    IReadOnlyList<MarginalRow> Harnesses,
    Heatmap Heatmap,
    IReadOnlyList<SensitivityRow> Sensitivity,
    IReadOnlyList<TaskRow> Tasks,
    Discrimination Discrimination,
    IReadOnlyList<ParamsRow>? Params,
    PairComparison? Pair,
    Contamination? Contamination,
    IReadOnlyList<SpeedRow>? Speed,
    RepeatStats? Repeats)
{
    /// <summary>Harness uplift over the bare loop; null when the run has no bare cells.</summary>
    public Uplift? Uplift { get; init; }

    /// <summary>Single-shot tokens, latency and token efficiency; null when the run has no single-shot cells.</summary>
    public SingleShotStats? SingleShot { get; init; }

    /// <summary>The reference harnesses' verdicts per task (oracle must pass; nop, wrong, hack attempts must fail); empty when none ran.</summary>
    public IReadOnlyList<GraderValidityRow> GraderValidity { get; init; } = [];

    /// <summary>Every cell, for the HTML report's per-cell table.</summary>
    public IReadOnlyList<ReportCell> Cells { get; init; } = [];

    /// <summary>Metered cells whose token counts are estimates (not the endpoint's usage), and all metered cells: renderings mark estimated figures.</summary>
    public (int Estimated, int Metered) TokenCounts { get; init; }
}

/// <summary>One task's grader checks: pass rates of the reference harnesses (null: that harness did not run).</summary>
/// <param name="Errors">Reference cells of the task that ended in an error (not graded).</param>
/// <param name="Valid">The oracle always passed and nop, wrong and every hack attempt never did.</param>
public sealed record GraderValidityRow(string Task, Rate? Oracle, Rate? Nop, Rate? Wrong, Rate? Hacks, int Errors, bool Valid);

/// <summary>Which optional columns have data anywhere in the run.</summary>
public sealed record ReportColumns(bool Tokens, bool Cost, bool Audit);

/// <param name="Runs">Run ids in the order given.</param>
/// <param name="HarnessVersions">"harness version" strings, e.g. "claude-code 1.0.3"; built-ins have none.</param>
/// <param name="Images">"reference (id)" of every image a container ran on.</param>
public sealed record ReportHeader(
    string BenchName,
    IReadOnlyList<string> Runs,
    DateTimeOffset? From,
    DateTimeOffset? To,
    string Host,
    int Cells,
    int Graded,
    int Passes,
    IReadOnlyList<KeyValuePair<ErrorKind, int>> ErrorsByKind,
    IReadOnlyList<string> HarnessVersions,
    IReadOnlyList<string> Images,
    IReadOnlyList<string> Warnings);

/// <summary>One (model, harness) of the leaderboard. Rates: over graded cells and over all cells (errors as not passed).</summary>
public sealed record PairRow(
    string Model,
    string Harness,
    int Cells,
    int Errors,
    Rate Graded,
    Rate All,
    double? MeanAgentMs,
    double? MedianAgentMs,
    double? TokensPerCell,
    double? CostPerCell,
    Rate? AuditAdjusted)
{
    public string Label => $"{Model} / {Harness}";

    /// <summary>Passes the audit labelled read, execute or tamper: the pair's pass rate includes them, its audit-adjusted rate does not.</summary>
    public int FlaggedPasses { get; init; }

    /// <summary>Some of the pair's token counts are estimates (<see cref="CellMetering.Estimated"/>): its tokens and costs are marked.</summary>
    public bool TokensEstimated { get; init; }
}

/// <summary>A plot of pass rate against a cost axis, with the Pareto frontier.</summary>
public sealed record FrontierPlot(string AxisLabel, string Unit, IReadOnlyList<FrontierPoint> Points, IReadOnlyList<FrontierPoint> Frontier);

/// <summary>Pass rates of one model (over all harnesses) or one harness (over all models).</summary>
public sealed record MarginalRow(string Name, int Cells, int Errors, Rate Graded, Rate All);

/// <summary>Pass rate over graded cells per model (rows) x harness (columns); null where no cell ran.</summary>
public sealed record Heatmap(IReadOnlyList<string> Models, IReadOnlyList<string> Harnesses, IReadOnlyList<IReadOnlyList<Rate?>> Rates);

/// <summary>How much a model's pass rate depends on the harness around it.</summary>
public sealed record SensitivityRow(string Model, int HarnessCount, string Best, double BestRate, string Worst, double WorstRate, double? StdDev)
{
    public double Spread => BestRate - WorstRate;
}

/// <summary>One task over every cell of the run.</summary>
public sealed record TaskRow(string Task, string? Language, string? Difficulty, int Cells, int Errors, Rate Graded);

/// <summary>Tasks on which the top (model, harness) pairs disagree, most discriminating first.</summary>
/// <param name="TopPairs">Labels of the top pairs by pass rate (the columns of <see cref="DiscriminatingTask.Rates"/>).</param>
public sealed record Discrimination(IReadOnlyList<string> TopPairs, IReadOnlyList<DiscriminatingTask> Tasks);

/// <param name="Rates">Pass rate of each top pair on the task (null: not run).</param>
public sealed record DiscriminatingTask(string Task, IReadOnlyList<double?> Rates, double Spread);

/// <summary>A model's pass rate against its declared total parameter count.</summary>
public sealed record ParamsRow(string Model, string Declared, double Billions, Rate Graded);

/// <summary>Two variants of a model compared cell by cell (same harness, task and repeat).</summary>
/// <param name="OnlyA">Pairs where only A passed (McNemar's b).</param>
/// <param name="OnlyB">Pairs where only B passed (McNemar's c).</param>
/// <param name="PValue">Exact two-sided McNemar p-value.</param>
public sealed record PairComparison(
    string ModelA,
    string ModelB,
    IReadOnlyList<PairTaskRow> Tasks,
    int PairedCells,
    int BothPass,
    int OnlyA,
    int OnlyB,
    int BothFail,
    double PValue,
    Rate RateA,
    Rate RateB);

/// <summary>One task of a paired comparison: passes over graded cells of each model.</summary>
public sealed record PairTaskRow(string Task, int PassesA, int GradedA, int PassesB, int GradedB)
{
    public int Delta => PassesB - PassesA;
}

/// <summary>Audit results; present only when result lines carry "audit".</summary>
/// <param name="ByHarness">Per harness: labels, flagged passes and the two audit-adjusted pass rates.</param>
public sealed record Contamination(IReadOnlyList<string> Severities, IReadOnlyList<ContaminationRow> Rows, IReadOnlyList<FlaggedCell> Flagged, IReadOnlyList<AuditTableRow> ByHarness)
{
    /// <summary>Passes whose audit did not complete: counted in no audit-adjusted rate.</summary>
    public int UnauditedPasses { get; init; }
}

/// <param name="Audited">Cells whose audit completed (or found READ-or-worse evidence before it failed).</param>
/// <param name="BySeverity">Counts in the order of <see cref="Contamination.Severities"/>.</param>
public sealed record ContaminationRow(string Model, string Harness, int Audited, IReadOnlyList<int> BySeverity, int FlaggedPasses)
{
    /// <summary>Cells with an audit that did not complete (label "unaudited"): in no label column.</summary>
    public int Unaudited { get; init; }
}

public sealed record FlaggedCell(string CellId, string Severity, string Verdict, string Findings);

/// <summary>Gateway metering per (model, harness); present only when result lines carry "metering".</summary>
public sealed record SpeedRow(
    string Model,
    string Harness,
    int Metered,
    double? MeanRequests,
    double? MeanPromptTokens,
    double? MeanCompletionTokens,
    double? MeanReasoningTokens,
    double? MeanTtftMs,
    double? MedianTokensPerSecond)
{
    /// <summary>Passes the audit labelled read, execute or tamper: the pair's pass rate includes them, its audit-adjusted rate does not.</summary>
    public int FlaggedPasses { get; init; }

    /// <summary>Some of the pair's token counts are estimates, not the endpoint's usage reports.</summary>
    public bool TokensEstimated { get; init; }
}

/// <summary>Spread across repeats; present only when some (model, harness, task) ran twice or more.</summary>
/// <param name="Ks">The k of the pass@k columns.</param>
public sealed record RepeatStats(IReadOnlyList<int> Ks, IReadOnlyList<RepeatRow> Rows)
{
    /// <summary>The same spread per (model, harness, task) that ran twice or more.</summary>
    public IReadOnlyList<RepeatTaskRow> Tasks { get; init; } = [];
}

/// <summary>One (model, harness, task) over its graded repeats: pass (0 or 1 per repeat) and agent time, mean and sample std dev.</summary>
/// <param name="Repeats">Graded repeats (errors have no verdict and are left out).</param>
public sealed record RepeatTaskRow(
    string Model,
    string Harness,
    string Task,
    int Repeats,
    double PassMean,
    double? PassStdDev,
    double? MeanAgentMs,
    double? AgentMsStdDev);

/// <param name="PassAtK">Mean unbiased pass@k over tasks with at least k graded repeats, per <see cref="RepeatStats.Ks"/>.</param>
public sealed record RepeatRow(
    string Model,
    string Harness,
    int Repeats,
    double MeanRate,
    double? RateStdDev,
    double MinRate,
    double MaxRate,
    double? MeanAgentMs,
    double? AgentMsStdDev,
    IReadOnlyList<double?> PassAtK);
