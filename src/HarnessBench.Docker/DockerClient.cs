using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using HarnessBench.Docker.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarnessBench.Docker;

/// <summary>
/// Thin Docker Engine API client (API v1.41) over HttpClient: a unix socket or plain TCP.
/// Every failure surfaces as <see cref="DockerException"/> with a fix-it message.
/// Operations live in partial files by area (images, containers, archive, exec, networks).
/// </summary>
internal sealed partial class DockerClient : IDisposable
{
    public const string ApiVersion = "1.41";

    private static readonly DockerJsonContext Json = DockerJsonContext.Default;
    private readonly HttpClient _http;
    private readonly ILogger _logger;

    public DockerClient(DockerEndpoint endpoint, ILogger<DockerClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Endpoint = endpoint;
        _logger = logger ?? NullLogger<DockerClient>.Instance;
        string authority = endpoint.IsUnixSocket ? "localhost" : $"{endpoint.Host}:{endpoint.Port}";
        _http = new HttpClient(CreateHandler(endpoint), disposeHandler: true)
        {
            BaseAddress = new Uri($"http://{authority}/v{ApiVersion}/"),
            // Waits, builds and log streams last as long as they last; callers pass cancellation tokens.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public DockerEndpoint Endpoint { get; }

    /// <summary>A client for DOCKER_HOST, or unix:///var/run/docker.sock when it is unset.</summary>
    public static DockerClient FromEnvironment() => new(DockerEndpoint.FromEnvironment());

    public static DockerClient FromEnvironment(ILogger<DockerClient>? logger) => new(DockerEndpoint.FromEnvironment(), logger);

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendAsync(HttpMethod.Get, "_ping", null, cancellationToken);
        await EnsureSuccessAsync(response, "ping", cancellationToken);
    }

    public async Task<EngineVersion> VersionAsync(CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendAsync(HttpMethod.Get, "version", null, cancellationToken);
        await EnsureSuccessAsync(response, "version", cancellationToken);
        VersionBody body = await ReadJsonAsync(response, Json.VersionBody, cancellationToken);
        return new EngineVersion(body.Version ?? "", body.ApiVersion ?? "", body.Os ?? "", body.Arch ?? "", body.KernelVersion ?? "");
    }

    public void Dispose() => _http.Dispose();

    private static SocketsHttpHandler CreateHandler(DockerEndpoint endpoint)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.None,
        };
        if (endpoint.SocketPath is { } socketPath)
        {
            handler.ConnectCallback = (_, ct) => ConnectUnixAsync(socketPath, ct);
        }

        return handler;
    }

    private static async ValueTask<Stream> ConnectUnixAsync(string socketPath, CancellationToken cancellationToken)
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
    }

    /// <summary>Sends a request; transport failures become fix-it <see cref="DockerException"/>s. Owns <paramref name="content"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string relativeUri, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, relativeUri) { Content = content };
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            throw DockerErrors.Transport(Endpoint, ex);
        }
        catch (HttpRequestException ex)
        {
            // E.g. the request body (a tar being packed) failed, or the engine dropped the connection.
            string details = string.Join(" -> ", Chain(ex).Select(e => e.Message).Distinct());
            throw new DockerException(
                $"Docker engine request {method} /{relativeUri} failed at {Endpoint}. Check the cause below and the engine's log (it may have restarted). Details: {details}",
                ex);
        }
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        string? message = await ReadErrorMessageAsync(response, cancellationToken);
        Log.EngineRequestFailed(_logger, operation, (int)response.StatusCode, message);
        throw DockerErrors.FromResponse(operation, response.StatusCode, message);
    }

    private static async Task<string?> ReadErrorMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return JsonSerializer.Deserialize(body, Json.ErrorBody)?.Message ?? body;
        }
        catch (JsonException)
        {
            return body;
        }
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        T? value = await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken);
        return value ?? throw new DockerException($"Docker engine sent an empty {typeof(T).Name} answer. Check the engine version (API {ApiVersion} is required).");
    }

    private static JsonContent ToJson<T>(T value, JsonTypeInfo<T> typeInfo) => JsonContent.Create(value, typeInfo);
}
