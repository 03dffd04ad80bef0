using System.Net.Sockets;

namespace HarnessBench.TestSupport;

/// <summary>
/// Answers once per test run whether a Docker engine is reachable, and whether this is CI. It pings the
/// engine over HTTP by itself, independently of the product's engine client, so that the tests' notion of
/// "an engine is there" does not depend on the code under test.
/// </summary>
internal static class EngineProbe
{
    private static readonly Lazy<string?> LazyUnavailable = new(Probe);

    /// <summary>Null when the engine answered a ping; otherwise why not.</summary>
    public static string? Unavailable => LazyUnavailable.Value;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        || Environment.GetEnvironmentVariable("CI") == "1";

    /// <summary>The skip message of an engine test, or null when it runs (an engine answered, or CI).</summary>
    public static string? SkipReason => !IsCi && Unavailable is { } reason
        ? $"*** DOCKER ENGINE NOT AVAILABLE: integration test skipped (set CI=true to make this a failure). {reason}"
        : null;

    private static string? Probe()
    {
        string host = Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } fromEnv ? fromEnv : "unix:///var/run/docker.sock";
        try
        {
            using var http = Client(host);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var response = http.GetAsync(new Uri("_ping", UriKind.Relative), timeout.Token).GetAwaiter().GetResult();
            response.EnsureSuccessStatusCode();
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or NotSupportedException or SocketException)
        {
            return $"The Docker engine at {host} did not answer a ping ({ex.Message}). Start it (scripts/setup.sh starts dockerd) or point DOCKER_HOST at one.";
        }
    }

    private static HttpClient Client(string host)
    {
        if (host.StartsWith("tcp://", StringComparison.Ordinal))
        {
            return new HttpClient { BaseAddress = new Uri("http://" + host["tcp://".Length..].TrimEnd('/') + "/") };
        }

        if (!host.StartsWith("unix://", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"DOCKER_HOST={host}: only unix:// and tcp:// are supported");
        }

        string socketPath = host["unix://".Length..];
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri("http://docker/") };
    }
}

/// <summary>
/// A fact that needs the real Docker engine. Without an engine it is skipped loudly, except in CI
/// (CI=true), where it runs and fails with the fix-it message of the code under test.
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute() => Skip = EngineProbe.SkipReason;
}

/// <summary>A theory that needs the real Docker engine; skipped without one, except in CI.</summary>
public sealed class DockerTheoryAttribute : TheoryAttribute
{
    public DockerTheoryAttribute() => Skip = EngineProbe.SkipReason;
}
