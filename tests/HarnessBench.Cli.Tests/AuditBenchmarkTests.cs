using System.Globalization;
using System.Text.RegularExpressions;
using HarnessBench.Cli.Commands;

namespace HarnessBench.Cli.Tests;

/// <summary>`hbench bench audit` on a small trajectory: it measures, and its self-check holds (every peek found, no honest event flagged).</summary>
public sealed partial class AuditBenchmarkTests
{
    [Fact]
    public void Small_run_prints_a_positive_rate_per_measurement_and_passes_its_self_check()
    {
        using var output = new StringWriter();

        var exit = AuditBenchmark.Run(megabytes: 12, iterations: 1, output);

        var text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains("planted peeks", text, StringComparison.Ordinal);
        var rates = Row().Matches(text).Select(m => double.Parse(m.Groups["rate"].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(4, rates.Count);
        Assert.All(rates, r => Assert.True(r > 0, text));
        Assert.Matches("scanner label (read|execute), [0-9]+ findings", text);
    }

    [GeneratedRegex(@"^(trajectory scanner|canary matcher).*?\s(?<rate>[0-9,]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Row();
}
