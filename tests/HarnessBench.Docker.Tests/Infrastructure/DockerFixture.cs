using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Processes;
using HarnessBench.Docker.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarnessBench.Docker.Tests.Infrastructure;

/// <summary>
/// The real engine, the tiny test image (built on first use, cached by tag) and a runtime whose
/// containers carry this test run's labels. Leftovers of the run are removed at the end.
/// </summary>
public sealed class DockerFixture : IAsyncLifetime
{
    internal DockerClient Client { get; } = DockerClient.FromEnvironment();

    internal ProcessLauncher Processes { get; } = new(NullLogger<ProcessLauncher>.Instance);

    internal RuntimeOwner Owner { get; } = RuntimeOwner.ForCurrentProcess("test-" + Guid.NewGuid().ToString("N")[..12]);

    internal string Image { get; private set; } = "";

    internal DockerContainerRuntime Runtime => new(Client, Owner, NullLogger<DockerContainerRuntime>.Instance);

    public async Task InitializeAsync()
    {
        if (EngineProbe.Unavailable is not null && !EngineProbe.IsCi)
        {
            return; // every test here is a DockerFact and is skipped
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Image = await TestImage.EnsureAsync(Client, Processes, timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (EngineProbe.Unavailable is null)
        {
            var mine = new Dictionary<string, string?> { [ManagedLabels.Run] = Owner.RunId };
            foreach (ContainerSummary container in await Client.ListContainersAsync(mine, CancellationToken.None))
            {
                await Client.RemoveContainerAsync(container.Id, force: true, removeVolumes: true, CancellationToken.None);
            }
        }

        Client.Dispose();
    }

    /// <summary>A sandbox spec running a bash script in the test image, logging into <paramref name="logs"/>.</summary>
    internal ContainerSpec Script(string script, TempDirectory logs, TimeSpan? timeout = null, SandboxLimits? limits = null) =>
        SandboxSpecs.Create(Image, ["/bin/bash", "-c", script], "test", timeout ?? TimeSpan.FromSeconds(60),
            limits ?? new SandboxLimits(1.0, 256L << 20, 128, 64L << 20), logs.Combine("stdout.log"), logs.Combine("stderr.log")) with
        {
            Labels = new Dictionary<string, string> { [ManagedLabels.Cell] = "test-cell" },
        };

    /// <summary>Runs a spec and reads back its logs.</summary>
    internal async Task<SandboxResult> RunAsync(ContainerSpec spec)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        ContainerRun run = await Runtime.RunAsync(spec, timeout.Token);
        return new SandboxResult(run, await File.ReadAllTextAsync(spec.StdoutPath), await File.ReadAllTextAsync(spec.StderrPath));
    }
}

internal sealed record SandboxResult(ContainerRun Run, string Stdout, string Stderr);

[CollectionDefinition(Name)]
public sealed class DockerEngineGroup : ICollectionFixture<DockerFixture>
{
    public const string Name = "Docker engine";
}
