using HarnessBench.Core.Reports;

namespace HarnessBench.Gateway.Probing;

/// <summary>One probe figure over the timed iterations: mean, median and sample standard deviation.</summary>
/// <param name="Samples">The measured values, in iteration order (NaN-free).</param>
/// <param name="StdDev">Sample standard deviation (n - 1); null for fewer than two samples.</param>
internal sealed record Summary(IReadOnlyList<double> Samples, double? Mean, double? Median, double? StdDev)
{
    public int Count => Samples.Count;

    /// <summary>Summarizes the values that were measured (nulls, NaN and infinities are left out).</summary>
    public static Summary Of(IEnumerable<double?> values)
    {
        List<double> samples = [.. values.Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value)];
        return new Summary(samples, ReportStatistics.Mean(samples), ReportStatistics.Median(samples), ReportStatistics.StdDev(samples));
    }
}
