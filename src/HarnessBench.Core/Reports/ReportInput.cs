namespace HarnessBench.Core.Reports;

/// <summary>The cells of one or more runs, ready for <see cref="ReportBuilder"/>.</summary>
/// <param name="BenchName">The bench's name, or the run id when the bench file is not known.</param>
/// <param name="Runs">Run ids in the order given on the command line.</param>
/// <param name="Host">Machine name shown in the header (passed in so that snapshots are stable).</param>
/// <param name="Warnings">Problems met while loading (torn lines, unknown tasks), shown in the header.</param>
public sealed record ReportInput(string BenchName, IReadOnlyList<string> Runs, string Host, IReadOnlyList<ReportCell> Cells, IReadOnlyList<string> Warnings);

/// <summary>Choices that change what the report computes.</summary>
/// <param name="PairA">With <paramref name="PairB"/>: the two model variants to compare (`--pair A,B`).</param>
/// <param name="TopPairs">How many top (model, harness) pairs the discrimination section compares.</param>
public sealed record ReportOptions(string? PairA = null, string? PairB = null, int TopPairs = 5)
{
    public static ReportOptions Default { get; } = new();
}
