using HarnessBench.Cli.Tests.Infrastructure;
using HarnessBench.Core.Runtime;
using HarnessBench.Docker;
using HarnessBench.Docker.Swarm;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarnessBench.Cli.Tests;

/// <summary>
/// The Docker-in-Docker worker (scripts/swarm-worker.sh) gets cell images only from hbench's registry on
/// the manager: a job placed on it runs an image it never held, pulled by digest (the worker then records
/// that registry digest), and a worker that does not trust the registry's CA cannot pull, which is a
/// backend failure that names the node and the fix, never a run of something else.
/// </summary>
[Collection(OneSweepAtATime.Name)]
public sealed class SwarmWorkerRegistryTests
{
    [DockerFact]
    public async Task The_worker_pulls_cell_images_by_digest_from_the_registry_and_cannot_without_its_CA()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        CancellationToken ct = timeout.Token;
        bool wasUp = await SwarmWorker.IsUpAsync();
        string fresh = $"hbench/registry-test:{Guid.NewGuid():N}"[..40];
        try
        {
            string workerEngine = await SwarmWorker.UpAsync();
            using var engines = SwarmEngines.FromEnvironment();
            var owner = RuntimeOwner.ForCurrentProcess("test-" + Guid.NewGuid().ToString("N")[..12]);
            var options = new SwarmRuntimeOptions { Constraints = [$"node.hostname=={SwarmWorker.Name}"] };
            var runtime = new SwarmContainerRuntime(engines, owner, NullLogger<SwarmContainerRuntime>.Instance, options: options);

            // An image only the manager has (a new id): the worker can only get it from the registry.
            await BuildFreshImageAsync(fresh, "1", ct);
            using var dir = new TempDirectory();
            ContainerRun run = await runtime.RunAsync(Spec(fresh, owner, dir, "pulled"), ct);
            Assert.Equal(0, run.ExitCode);
            Assert.Equal(SwarmWorker.Name, run.Node);
            string address = (await HostCommand.RunAsync(TimeSpan.FromSeconds(10), "bash", Path.Combine(RepoPaths.Root, "scripts", "ensure-registry.sh"), "address")).Stdout.Trim();
            var digests = await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "docker", "-H", workerEngine, "image", "inspect", "-f", "{{.Id}} {{.RepoDigests}}", run.ImageId);
            Assert.Contains($"{address}/hbench/registry-test@sha256:", digests.Stdout, StringComparison.Ordinal);

            // Without the CA the worker's engine refuses the registry's certificate.
            var untrust = await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "docker", "exec", SwarmWorker.Name, "rm", "-rf", $"/etc/docker/certs.d/{address}");
            Assert.Equal(0, untrust.ExitCode);
            await BuildFreshImageAsync(fresh, "2", ct);
            var failure = await Assert.ThrowsAsync<BackendFailureException>(() => runtime.RunAsync(Spec(fresh, owner, dir, "unpulled"), ct));
            Assert.Contains("could not pull the cell's image from the registry", failure.Message, StringComparison.Ordinal);
            await SwarmLeftovers.AssertNoneAsync(owner.RunId);
        }
        finally
        {
            await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "docker", "image", "rm", fresh);
            // `up` gives the worker the CA back (idempotent); `down` when the test brought it up.
            var restore = await SwarmWorker.RunAsync(TimeSpan.FromMinutes(2), wasUp ? "up" : "down");
            Assert.True(restore.ExitCode == 0, restore.ToString());
        }
    }

    private static ContainerSpec Spec(string image, RuntimeOwner owner, TempDirectory dir, string name) =>
        new(image, ["true"], "registry-" + name, TimeSpan.FromSeconds(60), new SandboxLimits(0.5, 128L << 20, 64, 16L << 20),
            dir.Combine(name + ".stdout.log"), dir.Combine(name + ".stderr.log"))
        {
            Labels = new Dictionary<string, string> { [ManagedLabels.Cell] = "registry-" + name, [ManagedLabels.Run] = owner.RunId },
        };

    private static async Task BuildFreshImageAsync(string tag, string generation, CancellationToken ct)
    {
        string python = (await HostCommand.RunAsync(TimeSpan.FromSeconds(30), "bash", "-c",
            "docker images hbench/python --format '{{.CreatedAt}}\t{{.Repository}}:{{.Tag}}' | sort -r | head -n1 | cut -f2")).Stdout.Trim();
        Assert.NotEqual("", python);
        using var context = new TempDirectory();
        context.Write("Dockerfile", $"FROM {python}\nLABEL io.harnessbench.test.generation={generation}-{Guid.NewGuid():N}\n");
        var build = await HostCommand.RunAsync(TimeSpan.FromMinutes(2), "docker", "build", "-q", "-t", tag, context.Path);
        Assert.True(build.ExitCode == 0, build.ToString());
        ct.ThrowIfCancellationRequested();
    }
}
