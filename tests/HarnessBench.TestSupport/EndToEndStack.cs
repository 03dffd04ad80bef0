using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Pipeline;
using HarnessBench.Docker;
using HarnessBench.Docker.Images;
using HarnessBench.Docker.Processes;
using HarnessBench.Docker.Runtime;
using HarnessBench.Gateway;
using HarnessBench.Gateway.Sessions;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarnessBench.TestSupport;

/// <summary>
/// The real pieces an end-to-end test composes, as the CLI composes them: the engine's client, the
/// content-hashed images of the checkout (layers built on first use), a container runtime whose
/// containers carry a run id of this test, a scratch directory and, unless told otherwise, the model
/// gateway on a unix socket in it. Disposing stops the gateway, deletes the directory and closes the client.
/// </summary>
internal sealed class EndToEndStack : IAsyncDisposable
{
    private readonly ModelGateway? _gateway;

    private EndToEndStack(DockerClient client, string owner, ModelGateway? gateway, TempDirectory directory)
    {
        Client = client;
        Directory = directory;
        _gateway = gateway;
        Images = ImagePipeline.Create(Repo, client, new ProcessLauncher(NullLogger<ProcessLauncher>.Instance));
        Runtime = new DockerContainerRuntime(client, RuntimeOwner.ForCurrentProcess(owner + "-" + Guid.NewGuid().ToString("N")[..12]),
            NullLogger<DockerContainerRuntime>.Instance);
    }

    /// <summary>The checkout: shipped tasks, harnesses, scripted models, container recipes.</summary>
    public string Repo { get; } = RepoRoot.Find();

    public DockerClient Client { get; }

    public ImagePipeline Images { get; }

    public DockerContainerRuntime Runtime { get; }

    public TempDirectory Directory { get; }

    public ModelGateway Gateway => _gateway ?? throw new InvalidOperationException("this stack was started without the gateway");

    /// <param name="gateway">Start the model gateway (cells of scripted or real models need it).</param>
    /// <param name="owner">Prefix of the runtime's run id (what the orphan reaper and labels show).</param>
    public static async Task<EndToEndStack> StartAsync(bool gateway = true, string owner = "test")
    {
        var client = DockerClient.FromEnvironment();
        var directory = new TempDirectory();
        ModelGateway? started = null;
        try
        {
            started = gateway ? await ModelGateway.StartAsync(new GatewayOptions(directory.Combine("gw"))) : null;
            return new EndToEndStack(client, owner, started, directory);
        }
        catch
        {
            if (started is not null)
            {
                await started.DisposeAsync();
            }

            directory.Dispose();
            client.Dispose();
            throw;
        }
    }

    /// <summary>The real cell pipeline over these pieces; with the gateway, cells reach their model through it.</summary>
    public CellPipeline Pipeline(IImageResolver images, HarnessRegistry harnesses)
    {
        var pipeline = CellPipeline.Create(Runtime, images, harnesses, TimeProvider.System);
        return _gateway is null ? pipeline : pipeline.WithModels(new GatewayModelAccess(_gateway, Repo));
    }

    /// <summary>
    /// The toolchain image of the current containers/ recipes (built by ./hbench images build) for agent
    /// and grader alike: harnesses that need no harness layer (built-ins, the mini agent, bare, single-shot).
    /// </summary>
    public IImageResolver ToolchainImages() => new Toolchains(Images);

    /// <summary>Agent images of <paramref name="harness"/>: its layer on the task's toolchain; every other request gets the toolchain image.</summary>
    public IImageResolver LayeredImages(ILayeredHarness harness) => new Layered(Images, harness);

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        Directory.Dispose();
        Client.Dispose();
    }

    private sealed class Toolchains(ImagePipeline images) : IImageResolver
    {
        public Task<string> ResolveAsync(ImageRequest request, CancellationToken cancellationToken) => Task.FromResult(images.ResolveTag(request.Toolchain));
    }

    private sealed class Layered(ImagePipeline images, ILayeredHarness harness) : IImageResolver
    {
        public async Task<string> ResolveAsync(ImageRequest request, CancellationToken cancellationToken) =>
            request.Harness == harness.Name
                ? await images.EnsureCombinedAsync(request.Toolchain, harness.ImageLayer, progress: null, cancellationToken)
                : images.ResolveTag(request.Toolchain);
    }
}
