using System.CommandLine;

namespace HarnessBench.Cli.Commands;

/// <summary>`hbench bench audit`: trajectory scanner and canary matcher throughput (MB/s).</summary>
internal static class AuditBenchmarkCommand
{
    public static Command Create()
    {
        var size = new Option<int>("--mb") { Description = "Size of the synthetic trajectory in MB of text.", DefaultValueFactory = _ => 200 };
        var runs = new Option<int>("--runs") { Description = "Timed runs per measurement (the best is shown).", DefaultValueFactory = _ => 3 };
        var command = new Command("audit", "Measure the trajectory scanner's and the canary matcher's throughput (MB/s) on a synthetic trajectory.") { size, runs };
        command.SetAction(parse => AuditBenchmark.Run(Math.Max(1, parse.GetValue(size)), Math.Max(1, parse.GetValue(runs)), Console.Out));
        return command;
    }
}
