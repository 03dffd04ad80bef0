using System.CommandLine;
using HarnessBench.Cli.Hosting;
using HarnessBench.Gateway.Benchmark;

namespace HarnessBench.Cli.Commands;

/// <summary>
/// `hbench bench gateway`: what the model gateway adds per request (p50/p99 latency) and what it
/// does to streaming throughput, against the same loopback upstream measured directly in the same
/// run. No Docker needed: the socat hop inside containers is not part of it.
/// </summary>
internal static class GatewayBenchmarkCommand
{
    public static Command Create()
    {
        var requests = new Option<int>("--requests", "-n") { Description = "Timed non-streamed requests per path.", DefaultValueFactory = _ => 1000 };
        var streams = new Option<int>("--streams") { Description = "Timed streams per path.", DefaultValueFactory = _ => 5 };
        var tokens = new Option<int>("--tokens") { Description = "One-token chunks per stream.", DefaultValueFactory = _ => 20000 };
        var command = new Command("gateway", "Measure the gateway's added latency (p50/p99) and streaming throughput against a direct loopback upstream.")
        {
            requests, streams, tokens,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new GatewayBenchmarkOptions(Math.Max(1, parse.GetValue(requests)), Math.Max(1, parse.GetValue(streams)), Math.Max(10, parse.GetValue(tokens)));
            string dir = Path.Combine(GatewayDirectory.Path, $"bench-{Environment.ProcessId}");
            try
            {
                Console.WriteLine($"gateway benchmark: {options.Requests} requests and {options.Streams} streams of {options.StreamTokens} tokens per path, interleaved, after a warm-up");
                var paths = await GatewayBenchmark.RunAsync(options, dir, ct);
                Print(paths, Console.Out);
                return ExitCodes.Success;
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Interrupted;
            }
            finally
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
        });
        return command;
    }

    private static void Print(IReadOnlyList<PathMeasurement> paths, TextWriter output)
    {
        PathMeasurement direct = paths[0];
        output.WriteLine();
        output.WriteLine($"{"path",-24} {"p50 ms",8} {"p99 ms",8} {"+p50 ms",8} {"+p99 ms",8} {"stream tok/s",13} {"x direct",9}");
        foreach (PathMeasurement path in paths)
        {
            double p50 = path.LatencyPercentile(0.5), p99 = path.LatencyPercentile(0.99);
            output.WriteLine($"{path.Name,-24} {p50,8:F3} {p99,8:F3} {p50 - direct.LatencyPercentile(0.5),8:F3} {p99 - direct.LatencyPercentile(0.99),8:F3} "
                + $"{path.MedianTokensPerSecond,13:N0} {path.MedianTokensPerSecond / direct.MedianTokensPerSecond,9:F2}");
        }
    }
}
