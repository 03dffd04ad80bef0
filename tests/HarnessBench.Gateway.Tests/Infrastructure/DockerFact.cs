using HarnessBench.Docker;

namespace HarnessBench.Gateway.Tests.Infrastructure;

/// <summary>Answers once per test run whether a Docker engine is reachable, and whether this is CI (copied from the Docker tests).</summary>
internal static class EngineProbe
{
    private static readonly Lazy<string?> LazyUnavailable = new(Probe);

    /// <summary>Null when the engine answered a ping; otherwise why not.</summary>
    public static string? Unavailable => LazyUnavailable.Value;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        || Environment.GetEnvironmentVariable("CI") == "1";

    private static string? Probe()
    {
        try
        {
            using var client = DockerClient.FromEnvironment();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            client.PingAsync(timeout.Token).GetAwaiter().GetResult();
            return null;
        }
        catch (Exception ex) when (ex is DockerException or OperationCanceledException)
        {
            return ex.Message;
        }
    }
}

/// <summary>
/// A fact that needs the real Docker engine. Without an engine it is skipped loudly, except in CI
/// (CI=true), where it runs and fails with the engine's fix-it message.
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (!EngineProbe.IsCi && EngineProbe.Unavailable is { } reason)
        {
            Skip = $"*** DOCKER ENGINE NOT AVAILABLE: integration test skipped (set CI=true to make this a failure). {reason}";
        }
    }
}
