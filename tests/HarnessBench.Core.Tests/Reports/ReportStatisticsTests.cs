using HarnessBench.Core.Reports;

namespace HarnessBench.Core.Tests.Reports;

/// <summary>Statistics against values computed by hand (formulas in the comments).</summary>
public class ReportStatisticsTests
{
    private const int Digits = 6;

    [Fact]
    public void Wilson_0_of_10_is_0_to_z2_over_n_plus_z2()
    {
        // upper = z² / (n + z²) = 3.841459 / 13.841459
        var (low, high) = ReportStatistics.Wilson(0, 10);
        Assert.Equal(0, low);
        Assert.Equal(0.277533, high, Digits);
    }

    [Fact]
    public void Wilson_5_of_10_is_symmetric_around_one_half()
    {
        // center 0.5; half width = z/(1+z²/n) * sqrt(0.025 + z²/400) = 1.415993 * 0.186024 = 0.263407
        var (low, high) = ReportStatistics.Wilson(5, 10);
        Assert.Equal(0.236593, low, Digits);
        Assert.Equal(0.763407, high, Digits);
    }

    [Fact]
    public void Wilson_10_of_10_is_n_over_n_plus_z2_to_1()
    {
        var (low, high) = ReportStatistics.Wilson(10, 10);
        Assert.Equal(0.722467, low, Digits);
        Assert.Equal(1, high);
    }

    [Fact]
    public void Wilson_of_no_trials_is_the_whole_range_and_rate_has_no_value()
    {
        Assert.Equal((0.0, 1.0), ReportStatistics.Wilson(0, 0));
        Assert.Null(Rate.Of(0, 0).Value);
    }

    [Theory]
    [InlineData(0, 0, 1.0)]          // no discordant pairs
    [InlineData(1, 0, 1.0)]          // 2 * P(X <= 0 | n=1) = 2 * 1/2
    [InlineData(5, 0, 0.0625)]       // 2 * (1/32)
    [InlineData(0, 10, 0.001953125)] // 2 * (1/1024)
    [InlineData(2, 8, 0.109375)]     // 2 * (1 + 10 + 45) / 1024
    [InlineData(8, 2, 0.109375)]     // symmetric
    [InlineData(6, 6, 1.0)]          // capped at 1
    [InlineData(3, 4, 1.0)]          // 2 * (1 + 7 + 21 + 35) / 128 = 1
    public void McNemar_exact_matches_the_binomial_tail(int onlyA, int onlyB, double expected) =>
        Assert.Equal(expected, ReportStatistics.McNemarExact(onlyA, onlyB), 9);

    [Fact]
    public void McNemar_exact_does_not_underflow_for_thousands_of_pairs()
    {
        Assert.Equal(1, ReportStatistics.McNemarExact(1000, 1000), 9);
        var p = ReportStatistics.McNemarExact(900, 1100);
        Assert.InRange(p, 1e-6, 1e-4); // z ≈ 4.47: p ≈ 1e-5
        Assert.Equal(0, ReportStatistics.McNemarExact(0, 3000));
    }

    [Theory]
    [InlineData(5, 0, 1, 0.0)]
    [InlineData(5, 5, 3, 1.0)]
    [InlineData(10, 3, 1, 0.3)]                // c / n
    [InlineData(10, 3, 5, 0.916666666666667)]  // 1 - C(7,5)/C(10,5) = 1 - 21/252
    [InlineData(4, 2, 2, 0.833333333333333)]   // 1 - C(2,2)/C(4,2) = 1 - 1/6
    [InlineData(3, 1, 3, 1.0)]                 // n - c < k
    public void Pass_at_k_is_the_unbiased_estimator(int n, int c, int k, double expected) =>
        Assert.Equal(expected, ReportStatistics.PassAtK(n, c, k), 12);

    [Fact]
    public void Pass_at_k_needs_k_at_most_n() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportStatistics.PassAtK(2, 1, 3));

    [Fact]
    public void Pareto_keeps_non_dominated_points_in_cost_order()
    {
        FrontierPoint[] points =
        [
            new("slow-good", 10, 0.9),
            new("fast-bad", 1, 0.2),
            new("dominated", 5, 0.2),       // same rate as fast-bad, slower
            new("mid", 4, 0.6),
            new("worse-mid", 4, 0.5),       // same cost as mid, lower rate
            new("slowest-same", 12, 0.9),   // same rate as slow-good, slower
            new("best-worse", 11, 0.85),
        ];
        var frontier = Pareto.Frontier(points);
        Assert.Equal(["fast-bad", "mid", "slow-good"], frontier.Select(p => p.Label));
    }

    [Fact]
    public void Pareto_keeps_identical_points_together()
    {
        FrontierPoint[] points = [new("b", 2, 0.5), new("a", 2, 0.5), new("c", 1, 0.1), new("d", 3, 0.5)];
        Assert.Equal(["c", "a", "b"], Pareto.Frontier(points).Select(p => p.Label));
        Assert.Empty(Pareto.Frontier([]));
    }

    [Fact]
    public void Median_mean_and_spread()
    {
        Assert.Equal(2.5, ReportStatistics.Median([4, 1, 3, 2]));
        Assert.Equal(3, ReportStatistics.Median([5, 3, 1]));
        Assert.Null(ReportStatistics.Median([]));
        Assert.Equal(1.0, ReportStatistics.StdDev([1, 2, 3])!.Value, 12); // sqrt(((1)+(0)+(1))/2)
        Assert.Null(ReportStatistics.StdDev([1]));
    }

    [Theory]
    [InlineData("7B", 7)]
    [InlineData("1.5b", 1.5)]
    [InlineData("480B-A35B", 480)]
    [InlineData("350M", 0.35)]
    [InlineData("1.2T", 1200)]
    public void Declared_params_read_as_billions(string text, double billions) =>
        Assert.Equal(billions, ParamsText.Billions(text)!.Value, 9);

    [Fact]
    public void Params_that_are_not_a_size_are_ignored() => Assert.Null(ParamsText.Billions("large"));
}
