using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using HarnessBench.Core.Config;
using HarnessBench.Gateway.Sessions;

namespace HarnessBench.Gateway.Benchmark;

/// <summary>What `hbench bench gateway` runs.</summary>
/// <param name="Requests">Timed non-streamed requests per path (after a warm-up).</param>
/// <param name="Streams">Timed streams per path.</param>
/// <param name="StreamTokens">One-token chunks per stream.</param>
internal sealed record GatewayBenchmarkOptions(int Requests, int Streams, int StreamTokens);

/// <summary>One path's measurements: latency samples (ms) and stream throughputs (tokens/s).</summary>
internal sealed record PathMeasurement(string Name, IReadOnlyList<double> LatencyMs, IReadOnlyList<double> TokensPerSecond)
{
    public double LatencyPercentile(double p) => Percentile(LatencyMs, p);

    public double MedianTokensPerSecond => Percentile(TokensPerSecond, 0.5);

    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(IReadOnlyList<double> samples, double p)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        double[] sorted = [.. samples.Order()];
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>
/// The gateway's cost, measured in one run against the same loopback upstream: direct, through the
/// gateway over loopback TCP, and through the gateway's unix socket (the production path minus
/// the in-container socat). Requests of the three paths are interleaved so drift hits all alike.
/// </summary>
internal static class GatewayBenchmark
{
    public static async Task<IReadOnlyList<PathMeasurement>> RunAsync(GatewayBenchmarkOptions options, string socketDirectory, CancellationToken ct)
    {
        await using var upstream = await BenchUpstream.StartAsync(ct);
        await using var gateway = await ModelGateway.StartAsync(new GatewayOptions(socketDirectory, TcpPort: 0), ct: ct);
        var model = new ModelSpec("bench", ModelKinds.OpenAi,
            JsonSerializer.SerializeToElement(new { base_url = upstream.BaseUri.ToString(), model = "bench-upstream" }), ModelMetadata.Empty);
        CellModelSession session = gateway.Open("bench-cell", model, CellContext.Empty(socketDirectory));
        string prefix = session.PathPrefix + "/v1/";
        (string Name, HttpClient Client, string Base)[] paths =
        [
            ("direct to upstream", new HttpClient(), upstream.BaseUri.ToString().TrimEnd('/') + "/"),
            ("gateway, loopback TCP", new HttpClient(), gateway.TcpBaseUri!.ToString().TrimEnd('/') + prefix),
            ("gateway, unix socket", UnixClient(gateway.SocketPath!), "http://gateway" + prefix),
        ];
        var latency = paths.Select(_ => new List<double>()).ToArray();
        var throughput = paths.Select(_ => new List<double>()).ToArray();
        try
        {
            for (int i = -Math.Min(50, options.Requests); i < options.Requests; i++)
            {
                for (int p = 0; p < paths.Length; p++)
                {
                    double ms = await CompletionAsync(paths[p].Client, paths[p].Base, ct);
                    if (i >= 0)
                    {
                        latency[p].Add(ms);
                    }
                }
            }

            for (int i = -1; i < options.Streams; i++)
            {
                for (int p = 0; p < paths.Length; p++)
                {
                    double rate = await StreamAsync(paths[p].Client, paths[p].Base, options.StreamTokens, ct);
                    if (i >= 0)
                    {
                        throughput[p].Add(rate);
                    }
                }
            }
        }
        finally
        {
            gateway.Close(session);
            foreach (var path in paths)
            {
                path.Client.Dispose();
            }
        }

        return [.. paths.Select((p, i) => new PathMeasurement(p.Name, latency[i], throughput[i]))];
    }

    private static async Task<double> CompletionAsync(HttpClient client, string baseUrl, CancellationToken ct)
    {
        long start = Stopwatch.GetTimestamp();
        using var content = new StringContent("""{"model":"bench","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(baseUrl + "chat/completions", content, ct);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync(ct);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>Tokens per second from the first byte of the body to its end.</summary>
    private static async Task<double> StreamAsync(HttpClient client, string baseUrl, int tokens, CancellationToken ct)
    {
        using var content = new StringContent($$"""{"model":"bench","stream":true,"max_tokens":{{tokens}},"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + "chat/completions") { Content = content };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        await using Stream body = await response.Content.ReadAsStreamAsync(ct);
        byte[] buffer = new byte[64 * 1024];
        int read = await body.ReadAsync(buffer, ct);
        long start = Stopwatch.GetTimestamp();
        while (read > 0)
        {
            read = await body.ReadAsync(buffer, ct);
        }

        return tokens / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static HttpClient UnixClient(string socketPath) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    });
}
