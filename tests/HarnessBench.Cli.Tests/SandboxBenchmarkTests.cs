using System.Globalization;
using System.Text.RegularExpressions;
using HarnessBench.Cli.Tests.Infrastructure;

namespace HarnessBench.Cli.Tests;

/// <summary>
/// `hbench bench sandbox` against the real engine: the table README shows, with every ratio computed
/// from the medians it prints against the baseline measured in the same run, and a full cell (two
/// containers, copies, the audit) costing more than one bare container.
/// </summary>
[Collection(OneSweepAtATime.Name)]
public sealed partial class SandboxBenchmarkTests
{
    private const int Iterations = 3;

    private static readonly string[] Scenarios =
    [
        "docker run --rm (CLI, baseline)",
        "runtime: container, no files",
        "runtime: + workspace in/out",
        "full nop cell (2 containers)",
        "of which sandbox overhead",
    ];

    [DockerFact]
    public async Task The_table_has_every_scenario_and_ratios_computed_from_its_medians()
    {
        using var run = await CliProcess.RunAsync(RepoPaths.Root, ["bench", "sandbox", "-n", Iterations.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(10));

        Assert.True(run.ExitCode == 0, run.Describe());
        var header = run.Stdout.Split('\n').SkipWhile(l => !l.StartsWith("scenario", StringComparison.Ordinal)).ToList();
        Assert.True(header.Count > 0, $"no table header\n{run.Describe()}");
        Assert.Equal(["scenario", "n", "median", "ms", "p90", "ms", "x", "baseline"], header[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var rows = header.Skip(1).Select(l => Row().Match(l)).Where(m => m.Success).Select(m => new
        {
            Name = m.Groups["name"].Value.Trim(),
            N = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture),
            Median = double.Parse(m.Groups["median"].Value, CultureInfo.InvariantCulture),
            P90 = double.Parse(m.Groups["p90"].Value, CultureInfo.InvariantCulture),
            Ratio = double.Parse(m.Groups["ratio"].Value, CultureInfo.InvariantCulture),
            RatioText = m.Groups["ratio"].Value,
        }).ToList();
        var message = run.Describe();

        Assert.True(rows.Select(r => r.Name).SequenceEqual(Scenarios), message);
        Assert.All(rows, r => Assert.True(r.N == Iterations && r.Median > 0 && r.P90 >= r.Median, $"{r.Name}\n{message}"));
        var baseline = rows[0];
        Assert.Equal("1.00", baseline.RatioText);
        foreach (var row in rows)
        {
            // Medians are printed rounded to a millisecond and the ratio to 0.01: the ratio must lie
            // between what the printed medians allow at either end of their rounding.
            var low = (row.Median - 0.5) / (baseline.Median + 0.5) - 0.005;
            var high = (row.Median + 0.5) / (baseline.Median - 0.5) + 0.005;
            Assert.True(row.Ratio >= low && row.Ratio <= high,
                $"{row.Name}: ratio {row.RatioText} is not its median {row.Median} / the baseline's {baseline.Median}\n{message}");
        }

        var cell = rows[3];
        var overhead = rows[4];
        Assert.True(cell.Median > baseline.Median, $"a full cell (two containers) cannot cost less than one bare container\n{message}");
        Assert.True(overhead.Median <= cell.Median, $"the sandbox overhead is part of the cell's time\n{message}");
    }

    [GeneratedRegex(@"^(?<name>\S.*?|\s+\S.*?)\s+(?<n>\d+)\s+(?<median>\d+)\s+(?<p90>\d+)\s+(?<ratio>\d+\.\d{2})\s*$")]
    private static partial Regex Row();
}
