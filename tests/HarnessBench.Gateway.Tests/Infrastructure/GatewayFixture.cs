using System.Net.Sockets;
using System.Text.Json;
using HarnessBench.Core.Config;
using HarnessBench.Gateway.Sessions;

namespace HarnessBench.Gateway.Tests.Infrastructure;

/// <summary>A real gateway on loopback TCP (and optionally a unix socket) plus a client for it.</summary>
internal sealed class GatewayFixture : IAsyncDisposable
{
    private GatewayFixture(ModelGateway gateway, TempDirectory dir)
    {
        Gateway = gateway;
        Dir = dir;
        Client = new HttpClient { BaseAddress = gateway.TcpBaseUri, Timeout = TimeSpan.FromSeconds(60) };
    }

    public ModelGateway Gateway { get; }

    public TempDirectory Dir { get; }

    public HttpClient Client { get; }

    /// <param name="tcpAddress">Where the TCP listener binds (loopback by default; the swarm's advertise address for the Swarm relay).</param>
    public static async Task<GatewayFixture> StartAsync(bool socket = false, System.Net.IPAddress? tcpAddress = null)
    {
        var dir = new TempDirectory();
        var gateway = await ModelGateway.StartAsync(new GatewayOptions(socket ? dir.Combine("gw") : null, TcpPort: 0) { TcpAddress = tcpAddress ?? System.Net.IPAddress.Loopback });
        return new GatewayFixture(gateway, dir);
    }

    /// <summary>Opens a scripted-model cell from script text; the transcript goes to transcripts/CELL.jsonl.gz.</summary>
    public CellModelSession OpenScripted(string cellId, string script, string? solutionDirectory = null, string taskId = "demo-task")
    {
        Dir.Write($"scripts/{cellId}.yaml", script);
        var model = new ModelSpec("scripted-" + cellId, ModelKinds.Scripted, Settings(new { script = $"scripts/{cellId}.yaml" }), ModelMetadata.Empty);
        return Gateway.Open(cellId, model, new CellContext(taskId, "Do the task.", solutionDirectory, TranscriptPath(cellId), Dir.Path));
    }

    public CellModelSession OpenEndpoint(string cellId, string kind, object settings) =>
        Gateway.Open(cellId, new ModelSpec("endpoint-" + cellId, kind, Settings(settings), ModelMetadata.Empty),
            new CellContext("t", "p", null, TranscriptPath(cellId), Dir.Path));

    public string TranscriptPath(string cellId) => Dir.Combine("transcripts", cellId + ".jsonl.gz");

    /// <summary>The path of a route relative to the gateway: c/TOKEN/v1/...</summary>
    public static string Route(CellModelSession session, string path) => session.PathPrefix.TrimStart('/') + "/" + path;

    /// <summary>An HttpClient that talks HTTP over the gateway's unix socket.</summary>
    public HttpClient UnixClient()
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(Gateway.SocketPath!), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri("http://gateway/") };
    }

    public static JsonElement Settings(object value) => JsonSerializer.SerializeToElement(value);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Gateway.DisposeAsync();
        Dir.Dispose();
    }
}
