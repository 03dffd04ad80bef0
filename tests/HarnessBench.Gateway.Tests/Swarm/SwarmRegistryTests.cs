using System.Diagnostics;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;
using HarnessBench.Core.Runtime;
using HarnessBench.Docker;
using HarnessBench.Docker.Swarm;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;
using ContainerSpec = HarnessBench.Core.Runtime.ContainerSpec;

namespace HarnessBench.Gateway.Tests.Swarm;

/// <summary>
/// Cell images reach nodes through hbench's registry on the manager: pushed once per image, and each
/// service names its image by registry digest, which the container then runs. A registry that cannot
/// take the push is a backend failure of the cell, and nothing of the job is left.
/// </summary>
public sealed class SwarmRegistryTests(ITestOutputHelper output)
{
    [DockerFact]
    public async Task A_job_runs_its_image_by_registry_digest_pushed_once_per_image()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        CancellationToken ct = timeout.Token;
        using SwarmEngines engines = await SwarmFixture.EnsureSwarmAsync(ct);
        var owner = RuntimeOwner.ForCurrentProcess("test-" + Guid.NewGuid().ToString("N")[..12]);
        string image = await SwarmImages.PythonAsync(engines, ct);
        string imageId = (await engines.Manager.Images.InspectImageAsync(image, ct)).ID;
        var pushes = new PushCounter();
        var registry = new SwarmRegistry(engines, null, pushes);
        string address = await registry.AddressAsync(ct);

        var clock = Stopwatch.StartNew();
        string[] references = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => registry.ReferenceAsync(image, imageId, ct)));
        TimeSpan first = clock.Elapsed;
        // Another process (a fresh registry object) pushing the unchanged image: same digest, layers not sent again.
        clock.Restart();
        string again = await new SwarmRegistry(engines, null, pushes).ReferenceAsync(image, imageId, ct);
        output.WriteLine($"push of {image}: {first.TotalMilliseconds:0} ms (4 concurrent callers), unchanged push from a new process: {clock.Elapsed.TotalMilliseconds:0} ms");

        string reference = Assert.Single(references.Distinct());
        Assert.Matches($"^{Regex.Escape(address)}/hbench/python@sha256:[0-9a-f]{{64}}$", reference);
        Assert.Equal(reference, again);
        Assert.Equal(2, pushes.Count); // one per registry object: the four concurrent callers shared one push

        var runtime = new SwarmContainerRuntime(engines, owner, NullLogger<SwarmContainerRuntime>.Instance, registry: registry);
        await using (IContainerSession session = await runtime.StartAsync(Spec(image, owner), ct))
        {
            var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{ManagedLabels.Run}={owner.RunId}"] = true } };
            SwarmService service = Assert.Single(await engines.Manager.Swarm.ListServicesAsync(new ServiceListParameters { Filters = filter }, ct));
            Assert.Equal(reference, service.Spec?.TaskTemplate?.ContainerSpec?.Image);
            Assert.Equal(imageId, (await engines.Manager.Containers.InspectContainerAsync(session.ContainerId, ct)).Image);
        }

        Assert.Equal(2, pushes.Count); // the job used the pushed reference
        Assert.Empty(await SwarmFixture.LeftoversAsync(engines, owner, ct));
    }

    [DockerFact]
    public async Task A_registry_that_cannot_take_the_push_is_a_backend_failure_and_leaves_nothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        CancellationToken ct = timeout.Token;
        using SwarmEngines engines = await SwarmFixture.EnsureSwarmAsync(ct);
        var owner = RuntimeOwner.ForCurrentProcess("test-" + Guid.NewGuid().ToString("N")[..12]);
        string image = await SwarmImages.PythonAsync(engines, ct);
        // Nothing listens on port 1: the engine's push fails.
        var registry = new SwarmRegistry(engines, "127.0.0.1:1", NullLogger.Instance);
        var runtime = new SwarmContainerRuntime(engines, owner, NullLogger<SwarmContainerRuntime>.Instance, registry: registry);

        var failure = await Assert.ThrowsAsync<BackendFailureException>(() => runtime.RunAsync(Spec(image, owner), ct));

        Assert.Contains("could not push", failure.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", failure.Message, StringComparison.Ordinal);
        Assert.Empty(await SwarmFixture.LeftoversAsync(engines, owner, ct));
        Assert.DoesNotContain((await engines.Manager.Images.InspectImageAsync(image, ct)).RepoTags ?? [], t => t.StartsWith("127.0.0.1:1/", StringComparison.Ordinal));
    }

    private static ContainerSpec Spec(string image, RuntimeOwner owner)
    {
        string dir = Path.Combine(Path.GetTempPath(), "hb-registry-test-" + owner.RunId);
        Directory.CreateDirectory(dir);
        return new ContainerSpec(image, ["sleep", "60"], "swarm-registry", TimeSpan.FromSeconds(90), new SandboxLimits(0.5, 128L << 20, 64, 16L << 20),
            Path.Combine(dir, "stdout.log"), Path.Combine(dir, "stderr.log"))
        {
            Labels = new Dictionary<string, string> { [ManagedLabels.Cell] = "swarm-registry", [ManagedLabels.Run] = owner.RunId },
        };
    }

    /// <summary>Counts the registry's "pushed" log events (one per actual push).</summary>
    private sealed class PushCounter : ILogger
    {
        private int _count;

        public int Count => _count;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 1105) Interlocked.Increment(ref _count);
        }
    }
}
