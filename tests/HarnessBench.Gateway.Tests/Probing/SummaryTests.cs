using HarnessBench.Gateway.Probing;

namespace HarnessBench.Gateway.Tests.Probing;

public sealed class SummaryTests
{
    [Fact]
    public void Mean_median_and_sample_standard_deviation_by_hand()
    {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, median 4.5, sum of squares 32, sample variance 32/7.
        var s = Summary.Of([2, 4, 4, 4, 5, 5, 7, 9]);

        Assert.Equal(8, s.Count);
        Assert.Equal(5, s.Mean);
        Assert.Equal(4.5, s.Median);
        Assert.Equal(Math.Sqrt(32.0 / 7), s.StdDev!.Value, 12);
    }

    [Fact]
    public void Unmeasured_values_are_left_out_and_one_sample_has_no_spread()
    {
        var s = Summary.Of([null, 3.0, double.NaN, double.PositiveInfinity]);

        Assert.Equal([3.0], s.Samples);
        Assert.Equal(3, s.Median);
        Assert.Null(s.StdDev);
        Assert.Null(Summary.Of([]).Mean);
    }
}
