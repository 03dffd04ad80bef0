using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using HarnessBench.Core.Runtime;

namespace HarnessBench.Cli.Tests.Infrastructure;

/// <summary>One container as the engine lists it.</summary>
internal sealed record EngineContainer(string Id, string Name, string State, DateTimeOffset Created, IReadOnlyDictionary<string, string> Labels)
{
    public string Label(string name) => Labels.GetValueOrDefault(name) ?? "";

    public override string ToString() => $"{Name} ({State}, {string.Join(", ", Labels.Where(l => l.Key.StartsWith(ManagedLabels.Prefix, StringComparison.Ordinal)).Select(l => $"{l.Key}={l.Value}"))})";
}

/// <summary>
/// A deliberately tiny Engine API client of the tests' own (list by label, force-remove, ping), so
/// that what the CLI left behind is observed independently of the product's Docker client.
/// </summary>
internal sealed class EngineApi : IDisposable
{
    // The product's label keys (its one definition); only the client that reads them here is the tests' own.
    public const string BenchRunLabel = ManagedLabels.Run;
    public const string OwnerLabel = ManagedLabels.Owner;
    public const string CellLabel = ManagedLabels.Cell;
    public const string PhaseLabel = ManagedLabels.Phase;
    public const string ManagedLabel = ManagedLabels.Managed;

    private readonly HttpClient _http;

    private EngineApi(string socketPath)
    {
        SocketPath = socketPath;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://docker/v1.41/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string SocketPath { get; }

    /// <summary>The engine named by DOCKER_HOST (unix:// only), else /var/run/docker.sock.</summary>
    public static EngineApi FromEnvironment()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrEmpty(host))
        {
            return new EngineApi("/var/run/docker.sock");
        }

        return host.StartsWith("unix://", StringComparison.Ordinal)
            ? new EngineApi(host["unix://".Length..])
            : throw new NotSupportedException($"DOCKER_HOST={host}: these tests talk to a local engine over a unix socket only.");
    }

    public async Task PingAsync(CancellationToken ct)
    {
        using var response = await _http.GetAsync(new Uri("_ping", UriKind.Relative), ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>All containers (any state) carrying <paramref name="label"/>=<paramref name="value"/>.</summary>
    public async Task<IReadOnlyList<EngineContainer>> ListAsync(string label, string value, CancellationToken ct = default)
    {
        var filters = JsonSerializer.Serialize(new Dictionary<string, string[]> { ["label"] = [$"{label}={value}"] });
        var uri = new Uri($"containers/json?all=1&filters={Uri.EscapeDataString(filters)}", UriKind.Relative);
        using var response = await _http.GetAsync(uri, ct);
        response.EnsureSuccessStatusCode();
        using var body = await response.Content.ReadFromJsonAsync<JsonDocument>(ct) ?? throw new InvalidOperationException("empty container list");
        return [.. body.RootElement.EnumerateArray().Select(c => new EngineContainer(
            c.GetProperty("Id").GetString()!,
            c.GetProperty("Names").EnumerateArray().Select(n => n.GetString()!.TrimStart('/')).FirstOrDefault() ?? "",
            c.GetProperty("State").GetString() ?? "",
            DateTimeOffset.FromUnixTimeSeconds(c.GetProperty("Created").GetInt64()),
            c.TryGetProperty("Labels", out var labels) && labels.ValueKind == JsonValueKind.Object
                ? labels.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal)))];
    }

    /// <summary>When the container's process started (nanosecond precision, unlike the list's Created); null if gone or not started.</summary>
    public async Task<DateTimeOffset?> StartedAtAsync(string id, CancellationToken ct = default)
    {
        using var response = await _http.GetAsync(new Uri($"containers/{id}/json", UriKind.Relative), ct);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        using var body = await response.Content.ReadFromJsonAsync<JsonDocument>(ct) ?? throw new InvalidOperationException("empty inspect");
        var state = body.RootElement.GetProperty("State");
        return state.GetProperty("Running").GetBoolean()
            && DateTimeOffset.TryParse(state.GetProperty("StartedAt").GetString(), System.Globalization.CultureInfo.InvariantCulture, out var started)
            ? started
            : null;
    }

    public async Task RemoveAsync(string id, CancellationToken ct = default)
    {
        using var response = await _http.DeleteAsync(new Uri($"containers/{id}?force=1&v=1", UriKind.Relative), ct);
        // 404: already gone (the CLI or a reaper removed it first), which is what we wanted.
        if (response.StatusCode != System.Net.HttpStatusCode.NotFound)
        {
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Best effort: removes every container of a bench run (test cleanup, also after failures).</summary>
    public async Task RemoveBenchRunAsync(string benchRun)
    {
        try
        {
            foreach (var container in await ListAsync(BenchRunLabel, benchRun))
            {
                await RemoveAsync(container.Id);
            }
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or OperationCanceledException)
        {
            // No engine (the engine-down tests) or it went away: nothing we can clean.
        }
    }

    public void Dispose() => _http.Dispose();
}
