using System.Diagnostics;
using HarnessBench.Docker.Processes;
using HarnessBench.Docker.Tests.Infrastructure;
using Xunit.Abstractions;

namespace HarnessBench.Docker.Tests.Runtime;

/// <summary>Measures the sandbox overhead of a trivial container; prints figures, asserts only a loose bound.</summary>
[Collection(DockerEngineGroup.Name)]
public sealed class OverheadTests(DockerFixture fixture, ITestOutputHelper output) : IDisposable
{
    private const int Rounds = 5;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [DockerFact]
    public async Task Trivial_container_overhead_is_reported()
    {
        var totals = new List<TimeSpan>();
        var processes = new List<TimeSpan>();
        for (int i = 0; i < Rounds; i++)
        {
            SandboxResult result = await fixture.RunAsync(fixture.Script("true", _dir));
            Assert.Equal(0, result.Run.ExitCode);
            totals.Add(result.Run.TotalTime);
            processes.Add(result.Run.ProcessTime);
        }

        output.WriteLine($"DockerContainerRuntime.RunAsync(true): median total {Median(totals).TotalMilliseconds:0} ms, median process {Median(processes).TotalMilliseconds:0} ms, median overhead {Median(totals.Zip(processes, (t, p) => t - p).ToList()).TotalMilliseconds:0} ms");

        if (File.Exists("/usr/bin/docker"))
        {
            var cli = new List<TimeSpan>();
            for (int i = 0; i < Rounds; i++)
            {
                var watch = Stopwatch.StartNew();
                ProcessResult result = await fixture.Processes.RunAsync(
                    new ProcessSpec("docker", ["run", "--rm", "--network", "none", fixture.Image, "true"]) { Timeout = TimeSpan.FromSeconds(60) },
                    CancellationToken.None);
                cli.Add(watch.Elapsed);
                Assert.Equal(0, result.ExitCode);
            }

            output.WriteLine($"docker run --rm --network none (CLI): median {Median(cli).TotalMilliseconds:0} ms");
        }

        Assert.True(Median(totals) < TimeSpan.FromSeconds(10), $"median {Median(totals)}");
    }

    private static TimeSpan Median(List<TimeSpan> values) => values.Order().ElementAt(values.Count / 2);
}
