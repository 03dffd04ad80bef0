using System.Diagnostics;
using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Processes;
using HarnessBench.Docker.Reaping;
using HarnessBench.Docker.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarnessBench.Docker.Tests.Reaping;

[Collection(DockerEngineGroup.Name)]
public sealed class OrphanReaperTests(DockerFixture fixture) : IAsyncLifetime
{
    private readonly List<string> _containers = [];
    private readonly List<string> _networks = [];
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (EngineProbe.Unavailable is not null)
        {
            return;
        }

        foreach (string id in _containers)
        {
            await fixture.Client.RemoveContainerAsync(id, force: true, removeVolumes: true, CancellationToken.None);
        }

        foreach (string id in _networks)
        {
            await fixture.Client.RemoveNetworkAsync(id, CancellationToken.None);
        }
    }

    [DockerFact]
    public async Task Reaper_removes_leftovers_of_dead_owners_and_nothing_else()
    {
        string deadOwner = new ProcessIdentity(Environment.MachineName, DeadPid(), 12345).ToString();
        string reusedPid = (ProcessIdentity.Current with { StartTicks = ProcessIdentity.Current.StartTicks + 1 }).ToString();
        string liveOwner = ProcessIdentity.Current.ToString();

        string deadContainer = await CreateContainerAsync(Managed("dead-run", deadOwner));
        string reusedContainer = await CreateContainerAsync(Managed("dead-run", reusedPid));
        string liveContainer = await CreateContainerAsync(Managed("live-run", liveOwner));
        string otherHost = await CreateContainerAsync(Managed("other-run", "some-other-host:1:1"));
        string unlabelled = await CreateContainerAsync(new Dictionary<string, string> { ["purpose"] = "unlabelled" });
        string deadNetwork = await CreateNetworkAsync(Managed("dead-run", deadOwner));
        string liveNetwork = await CreateNetworkAsync(Managed("live-run", liveOwner));

        var reaper = new OrphanReaper(fixture.Client, NullLogger<OrphanReaper>.Instance);
        ReapResult result = await reaper.ReapAsync(deadRunId: null, CancellationToken.None);

        Assert.Contains(deadContainer, result.RemovedContainers);
        Assert.Contains(reusedContainer, result.RemovedContainers);
        Assert.Contains(deadNetwork, result.RemovedNetworks);
        Assert.Null(await fixture.Client.InspectContainerAsync(deadContainer, CancellationToken.None));
        Assert.Null(await fixture.Client.InspectContainerAsync(reusedContainer, CancellationToken.None));
        Assert.NotNull(await fixture.Client.InspectContainerAsync(liveContainer, CancellationToken.None));
        Assert.NotNull(await fixture.Client.InspectContainerAsync(otherHost, CancellationToken.None));
        Assert.NotNull(await fixture.Client.InspectContainerAsync(unlabelled, CancellationToken.None));
        Assert.DoesNotContain(deadNetwork, (await fixture.Client.ListNetworksAsync(null, CancellationToken.None)).Select(n => n.Id));
        Assert.Contains(liveNetwork, (await fixture.Client.ListNetworksAsync(null, CancellationToken.None)).Select(n => n.Id));
    }

    [DockerFact]
    public async Task An_explicit_dead_run_is_reaped_on_any_host_but_never_what_a_live_process_owns()
    {
        string run = "dead-run-" + _tag;
        string elsewhere = await CreateContainerAsync(Managed(run, "some-other-host:1:1"));
        string live = await CreateContainerAsync(Managed(run, ProcessIdentity.Current.ToString()));
        string otherRun = await CreateContainerAsync(Managed("other-" + _tag, "some-other-host:1:1"));

        var reaper = new OrphanReaper(fixture.Client, NullLogger<OrphanReaper>.Instance);
        ReapResult result = await reaper.ReapAsync(run, CancellationToken.None);

        Assert.Equal([elsewhere], result.RemovedContainers.Where(id => id == elsewhere || id == live || id == otherRun));
        Assert.NotNull(await fixture.Client.InspectContainerAsync(live, CancellationToken.None));
        Assert.NotNull(await fixture.Client.InspectContainerAsync(otherRun, CancellationToken.None));
    }

    private Dictionary<string, string> Managed(string run, string owner) => new()
    {
        [ManagedLabels.Managed] = "true",
        [ManagedLabels.Run] = run,
        [ManagedLabels.Owner] = owner,
        [ManagedLabels.Cell] = "reaper-test-" + _tag,
    };

    /// <summary>Created, never started: cheap, and enough for the reaper.</summary>
    private async Task<string> CreateContainerAsync(Dictionary<string, string> labels)
    {
        string id = await fixture.Client.CreateContainerAsync(
            new ContainerCreateOptions(fixture.Image) { Cmd = ["true"], Labels = labels }, CancellationToken.None);
        _containers.Add(id);
        return id;
    }

    private async Task<string> CreateNetworkAsync(Dictionary<string, string> labels)
    {
        string id = await fixture.Client.CreateNetworkAsync(
            new NetworkCreateOptions($"hb-reaper-test-{_tag}-{_networks.Count}") { Internal = true, Labels = labels }, CancellationToken.None);
        _networks.Add(id);
        return id;
    }

    /// <summary>The pid of a process that has exited (and been reaped).</summary>
    private static int DeadPid()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
