namespace HarnessBench.Cli.Rendering;

/// <summary>One measured scenario: its samples in milliseconds.</summary>
internal sealed record BenchmarkRow(string Name, IReadOnlyList<double> Samples)
{
    public double Median => Percentile(0.5);

    /// <summary>Nearest-rank percentile of the samples.</summary>
    public double Percentile(double p)
    {
        if (Samples.Count == 0)
        {
            return double.NaN;
        }

        var sorted = Samples.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}

/// <summary>Benchmark results as medians, p90 and ratios against the baseline measured in the same run.</summary>
internal static class BenchmarkTable
{
    public static void Print(IReadOnlyList<BenchmarkRow> rows, BenchmarkRow baseline, TextWriter output)
    {
        // Names wider than the usual column (the swarm rows) widen it rather than shift the numbers.
        var width = Math.Max(34, rows.Max(r => r.Name.Length));
        output.WriteLine();
        output.WriteLine($"{"scenario".PadRight(width)} {"n",3} {"median ms",10} {"p90 ms",9} {"x baseline",11}");
        foreach (var row in rows)
        {
            output.WriteLine($"{row.Name.PadRight(width)} {row.Samples.Count,3} {row.Median,10:F0} {row.Percentile(0.9),9:F0} {row.Median / baseline.Median,11:F2}");
        }
    }
}
