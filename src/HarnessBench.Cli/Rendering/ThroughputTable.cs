using System.Globalization;

namespace HarnessBench.Cli.Rendering;

/// <summary>One throughput sweep: <paramref name="Cells"/> cells at <paramref name="Concurrency"/> on <paramref name="Backend"/>.</summary>
internal sealed record ThroughputRow(string Backend, int Concurrency, int Cells, TimeSpan Wall)
{
    public double CellsPerMinute => Cells / Wall.TotalMinutes;
}

/// <summary>Sweep throughput per backend and concurrency, with the speed-up over the same backend at concurrency 1.</summary>
internal static class ThroughputTable
{
    public static void Print(IReadOnlyList<ThroughputRow> rows, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"{"backend",-8} {"j",3} {"cells",6} {"wall s",8} {"cells/min",10} {"x j=1",7}");
        foreach (var row in rows)
        {
            var serial = rows.FirstOrDefault(r => r.Backend == row.Backend && r.Concurrency == 1);
            var speedUp = serial is null ? "-" : (row.CellsPerMinute / serial.CellsPerMinute).ToString("F2", CultureInfo.InvariantCulture);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.Backend,-8} {row.Concurrency,3} {row.Cells,6} {row.Wall.TotalSeconds,8:F1} {row.CellsPerMinute,10:F1} {speedUp,7}"));
        }
    }
}
