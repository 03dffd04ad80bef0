using System.Diagnostics;
using HarnessBench.Docker.Images;
using HarnessBench.Docker.Processes;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarnessBench.Docker.Tests.Images;

/// <summary>
/// The real engine and the shipped images, built once per test run (a no-op when
/// `hbench images build` already ran, as in CI). Without an engine the tests are skipped loudly,
/// except with CI=true, where they run and fail (see <see cref="DockerFactAttribute"/>).
/// </summary>
public sealed class ImagesFixture : IAsyncLifetime
{
    internal string Home { get; } = RepoRoot.Find();

    internal DockerClient Docker { get; } = DockerClient.FromEnvironment();

    internal ProcessLauncher Processes { get; } = new(NullLogger<ProcessLauncher>.Instance);

    internal ImagePipeline Pipeline { get; private set; } = null!;

    internal IReadOnlyList<ImageBuildResult> Build { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Pipeline = ImagePipeline.Create(Home, Docker, Processes);
        if (EngineProbe.Unavailable is not null && !EngineProbe.IsCi)
        {
            return; // every test here is a DockerFact or DockerTheory and is skipped
        }

        Build = await Pipeline.BuildAsync([], force: false, progress: null, CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        Docker.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Runs a shell command in a throwaway container as the agent user, with no network.</summary>
    internal static async Task<(int ExitCode, string Output)> RunAsync(string image, string script, string user = "1000:1000")
    {
        var start = new ProcessStartInfo("docker")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "run", "--rm", "--network", "none", "--user", user, image, "bash", "-c", script })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}

[CollectionDefinition(Name)]
public sealed class DockerImagesGroup : ICollectionFixture<ImagesFixture>
{
    public const string Name = "Docker images";
}
