using System.Globalization;
using System.Text.RegularExpressions;
using HarnessBench.Cli.Tests.Infrastructure;

namespace HarnessBench.Cli.Tests;

/// <summary>
/// `hbench bench sandbox --backend both` against the real engine: the tables README shows, with every
/// ratio computed from the medians it prints against the baseline measured in the same run, a full cell
/// (two containers, copies, the audit) costing more than one bare container, the swarm rows (a swarm is
/// active here and in CI: scripts/setup.sh runs scripts/ensure-swarm.sh), and the throughput table.
/// </summary>
[Collection(OneSweepAtATime.Name)]
public sealed partial class SandboxBenchmarkTests
{
    private const int Iterations = 2;
    private const int ThroughputCells = 2;

    private static readonly string[] Scenarios =
    [
        "docker run --rm (CLI, baseline)",
        "runtime: container, no files",
        "runtime: + workspace in/out",
        "full nop cell (2 containers)",
        "of which sandbox overhead",
        "full nop cell, standard decoys",
        "of which sandbox overhead",
        "swarm: full nop cell, standard decoys",
        "of which sandbox overhead",
    ];

    [DockerFact]
    public async Task The_tables_have_every_scenario_and_ratios_computed_from_their_medians()
    {
        using var run = await CliProcess.RunAsync(RepoPaths.Root,
            ["bench", "sandbox", "-n", Iterations.ToString(CultureInfo.InvariantCulture), "--backend", "both",
             "--throughput-cells", ThroughputCells.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(10));

        Assert.True(run.ExitCode == 0, run.Describe());
        var message = run.Describe();
        var lines = run.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var rows = TableAfter(lines, "scenario").Select(l => Row().Match(l)).Where(m => m.Success).Select(m => new
        {
            Name = m.Groups["name"].Value.Trim(),
            N = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture),
            Median = Number(m, "median"),
            P90 = Number(m, "p90"),
            Ratio = Number(m, "ratio"),
            RatioText = m.Groups["ratio"].Value,
        }).ToList();

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

        foreach (var cellIndex in new[] { 3, 5, 7 })
        {
            var (cell, overhead) = (rows[cellIndex], rows[cellIndex + 1]);
            Assert.True(cell.Median > baseline.Median, $"{cell.Name}: a full cell (two containers) cannot cost less than one bare container\n{message}");
            Assert.True(overhead.Median <= cell.Median, $"{cell.Name}: the sandbox overhead is part of the cell's time\n{message}");
        }

        Assert.Contains(lines, l => l.StartsWith("goal: a full nop cell with standard decoys <= 2.6x a bare docker run (local): ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("goal: a full nop cell with standard decoys <= 2.6x a bare docker run (swarm): ", StringComparison.Ordinal));

        var throughputHeader = lines.FirstOrDefault(l => l.StartsWith("backend", StringComparison.Ordinal));
        Assert.True(throughputHeader is not null, $"no throughput table\n{message}");
        Assert.Equal(["backend", "j", "cells", "wall", "s", "cells/min", "x", "j=1"], throughputHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var throughput = TableAfter(lines, "backend").Select(l => ThroughputRow().Match(l)).Where(m => m.Success).Select(m => new
        {
            Backend = m.Groups["backend"].Value,
            J = int.Parse(m.Groups["j"].Value, CultureInfo.InvariantCulture),
            Cells = int.Parse(m.Groups["cells"].Value, CultureInfo.InvariantCulture),
            Wall = Number(m, "wall"),
            Rate = Number(m, "rate"),
            SpeedUp = Number(m, "speedup"),
        }).ToList();
        Assert.Equal(["local 1", "local 2", "local 4", "swarm 1", "swarm 2", "swarm 4"], throughput.Select(t => $"{t.Backend} {t.J}"));
        foreach (var t in throughput)
        {
            var where = $"{t.Backend} j={t.J}\n{message}";
            Assert.True(t.Cells == ThroughputCells && t.Wall > 0 && t.Rate > 0, where);
            // Wall is printed to 0.1 s and the rate to 0.1 cell/min.
            Assert.True(t.Rate >= t.Cells * 60 / (t.Wall + 0.05) - 0.05 && t.Rate <= t.Cells * 60 / (t.Wall - 0.05) + 0.05, $"rate is not cells / wall: {where}");
            var serial = throughput.Single(s => s.Backend == t.Backend && s.J == 1);
            Assert.True(t.SpeedUp >= (t.Rate - 0.05) / (serial.Rate + 0.05) - 0.005 && t.SpeedUp <= (t.Rate + 0.05) / (serial.Rate - 0.05) + 0.005,
                $"speed-up is not the rate over j=1's: {where}");
        }
    }

    /// <summary>The lines of the table whose header starts with <paramref name="header"/>, up to the blank line that ends it.</summary>
    private static List<string> TableAfter(List<string> lines, string header) =>
        [.. lines.SkipWhile(l => !l.StartsWith(header, StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.Length > 0)];

    private static double Number(Match m, string group) => double.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<name>\S.*?|\s+\S.*?)\s+(?<n>\d+)\s+(?<median>\d+)\s+(?<p90>\d+)\s+(?<ratio>\d+\.\d{2})\s*$")]
    private static partial Regex Row();

    [GeneratedRegex(@"^(?<backend>local|swarm)\s+(?<j>\d+)\s+(?<cells>\d+)\s+(?<wall>\d+\.\d)\s+(?<rate>\d+\.\d)\s+(?<speedup>\d+\.\d{2})\s*$")]
    private static partial Regex ThroughputRow();
}
