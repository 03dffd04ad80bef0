using HarnessBench.Core.Config;

namespace HarnessBench.Core.Tests.Config;

public class ValueParsingTests
{
    [Theory]
    [InlineData("90s", 90_000)]
    [InlineData("10m", 600_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("500ms", 500)]
    [InlineData("2d", 172_800_000)]
    [InlineData(" 5m ", 300_000)]
    public void Durations_parse(string text, long milliseconds)
    {
        Assert.True(DurationText.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("5 minutes", "use 5m")]
    [InlineData("10 mins", "use 10m")]
    [InlineData("2 hours", "use 2h")]
    [InlineData("30 sec", "use 30s")]
    [InlineData("300", "add a unit: use 300s or 300m")]
    [InlineData("soon", DurationText.Help)]
    [InlineData("5M", "use 5m")]
    [InlineData("5 fortnights", DurationText.Help)]
    public void Bad_durations_get_a_concrete_fix(string text, string hint)
    {
        Assert.False(DurationText.TryParse(text, out _));
        Assert.StartsWith(hint, DurationText.Suggest(text), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(90_000, "1m30s")]
    [InlineData(600_000, "10m")]
    [InlineData(250, "250ms")]
    public void Durations_format_as_written(long milliseconds, string text) =>
        Assert.Equal(text, DurationText.Format(TimeSpan.FromMilliseconds(milliseconds)));

    [Theory]
    [InlineData("2g", 2L << 30)]
    [InlineData("512m", 512L << 20)]
    [InlineData("1.5g", 1536L << 20)]
    [InlineData("2GiB", 2L << 30)]
    [InlineData("64kb", 64L << 10)]
    [InlineData("1t", 1L << 40)]
    [InlineData("1048576", 1L << 20)]
    public void Sizes_parse_with_binary_units(string text, long bytes)
    {
        Assert.True(ByteSizeText.TryParse(text, out var value));
        Assert.Equal(bytes, value);
    }

    [Theory]
    [InlineData("2 gigs", "use 2g")]
    [InlineData("512 megabytes", "use 512m")]
    [InlineData("1 TB", "use 1t")]
    [InlineData("lots", ByteSizeText.Help)]
    public void Bad_sizes_get_a_concrete_fix(string text, string hint)
    {
        Assert.False(ByteSizeText.TryParse(text, out _));
        Assert.StartsWith(hint, ByteSizeText.Suggest(text), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("harness", "harnesses")]
    [InlineData("harensses", "harnesses")]
    [InlineData("resluts", "results")]
    [InlineData("Repeats", "repeats")]
    [InlineData("xyz", null)]
    [InlineData("model", "models")]
    public void Did_you_mean_finds_close_keys_only(string input, string? expected) =>
        Assert.Equal(expected, DidYouMean.Closest(input, ["harnesses", "results", "repeats", "models", "name"]));
}
