using HarnessBench.Gateway.Benchmark;
using HarnessBench.Gateway.Tests.Infrastructure;

namespace HarnessBench.Gateway.Tests.Benchmark;

public sealed class GatewayBenchmarkTests
{
    [Fact]
    public async Task Benchmark_measures_all_three_paths_in_one_run()
    {
        using var dir = new TempDirectory();

        var paths = await GatewayBenchmark.RunAsync(new GatewayBenchmarkOptions(20, 1, 200), dir.Combine("gw"), CancellationToken.None);

        Assert.Equal(["direct to upstream", "gateway, loopback TCP", "gateway, unix socket"], paths.Select(p => p.Name).ToArray());
        Assert.All(paths, p =>
        {
            Assert.Equal(20, p.LatencyMs.Count);
            Assert.True(p.LatencyPercentile(0.99) >= p.LatencyPercentile(0.5));
            Assert.True(p.MedianTokensPerSecond > 0);
        });
    }
}
