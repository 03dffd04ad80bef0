using HarnessBench.Core.Reports;
using HarnessBench.Core.Results;
using static HarnessBench.Core.Tests.Reports.ReportCells;

namespace HarnessBench.Core.Tests.Reports;

public class RunDiffTests
{
    [Fact]
    public void A_pass_to_fail_flip_is_a_regression()
    {
        var diff = RunDiff.Compare("a", [Cell("m", "h", "t1", Verdict.Pass), Cell("m", "h", "t2", Verdict.Fail)],
            "b", [Cell("m", "h", "t1", Verdict.Fail), Cell("m", "h", "t2", Verdict.Pass)]);
        Assert.True(diff.IsRegression);
        Assert.Equal("t1", Assert.Single(diff.PassToFail).Cell.Task);
        Assert.Equal("t2", Assert.Single(diff.FailToPass).Cell.Task);
        Assert.Equal(2, diff.Common);
    }

    [Fact]
    public void Improvements_errors_and_new_or_missing_cells_are_not_regressions()
    {
        var diff = RunDiff.Compare("a",
            [Cell("m", "h", "t1", Verdict.Fail), Cell("m", "h", "t2", Verdict.Pass), Cell("m", "h", "gone", Verdict.Pass)],
            "b",
            [Cell("m", "h", "t1", Verdict.Pass), Cell("m", "h", "t2", Verdict.Error, error: ErrorKind.Infra), Cell("m", "h", "new", Verdict.Fail)]);
        Assert.False(diff.IsRegression);
        Assert.Equal(ErrorKind.Infra, Assert.Single(diff.ToOrFromError).AfterError);
        Assert.Equal("new", Assert.Single(diff.New).Task);
        Assert.Equal("gone", Assert.Single(diff.Missing).Task);
    }

    [Fact]
    public void A_significant_rate_drop_without_common_cells_is_a_regression()
    {
        var before = Enumerable.Range(1, 10).Select(i => Cell("m", "h", $"a{i}", Verdict.Pass)).ToArray();
        var after = Enumerable.Range(1, 10).Select(i => Cell("m", "h", $"b{i}", Verdict.Fail)).ToArray();
        var diff = RunDiff.Compare("a", before, "b", after);
        Assert.Empty(diff.PassToFail);
        Assert.True(Assert.Single(diff.Rates).SignificantDrop); // [72.2, 100] vs [0, 27.8]
        Assert.True(diff.IsRegression);
    }

    [Fact]
    public void A_small_drop_with_overlapping_intervals_is_not_significant()
    {
        var before = Enumerable.Range(1, 10).Select(i => Cell("m", "h", $"a{i}", i <= 6 ? Verdict.Pass : Verdict.Fail)).ToArray();
        var after = Enumerable.Range(1, 10).Select(i => Cell("m", "h", $"b{i}", i <= 4 ? Verdict.Pass : Verdict.Fail)).ToArray();
        var diff = RunDiff.Compare("a", before, "b", after);
        Assert.False(diff.IsRegression);
        Assert.Equal(-0.2, diff.Rates[0].Delta!.Value, 12);
    }
}
