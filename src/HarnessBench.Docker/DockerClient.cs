using System.Net;
using System.Net.Sockets;
using Docker.DotNet;
using Docker.DotNet.Unix;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using EngineClient = Docker.DotNet.DockerClient;

namespace HarnessBench.Docker;

/// <summary>
/// The Docker Engine operations HarnessBench needs (API v1.41, a unix socket or plain TCP), on
/// Docker.DotNet: a thin domain adapter that takes and returns the project's own records. Every
/// failure surfaces as <see cref="DockerException"/> with a fix-it message; a cancelled call throws
/// <see cref="OperationCanceledException"/>. Operations live in partial files by area (images,
/// containers, logs, archive, exec, networks).
/// </summary>
internal sealed partial class DockerClient : IDisposable
{
    public const string ApiVersion = "1.41";

    private readonly IDockerClient _engine;
    private readonly bool _ownsEngine;
    private readonly ILogger _logger;

    public DockerClient(DockerEndpoint endpoint, ILogger<DockerClient>? logger = null)
        : this(endpoint, Connect(endpoint), ownsEngine: true, logger)
    {
    }

    /// <summary>
    /// An adapter over a connection someone else owns and disposes (the Swarm backend's per-node
    /// engines, whose connection also serves swarm and image calls).
    /// </summary>
    public DockerClient(DockerEndpoint endpoint, IDockerClient engine, ILogger<DockerClient>? logger = null)
        : this(endpoint, engine, ownsEngine: false, logger)
    {
    }

    private DockerClient(DockerEndpoint endpoint, IDockerClient engine, bool ownsEngine, ILogger<DockerClient>? logger)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(engine);
        Endpoint = endpoint;
        _engine = engine;
        _ownsEngine = ownsEngine;
        _logger = logger ?? NullLogger<DockerClient>.Instance;
    }

    public DockerEndpoint Endpoint { get; }

    /// <summary>A client for DOCKER_HOST, or unix:///var/run/docker.sock when it is unset.</summary>
    public static DockerClient FromEnvironment() => new(DockerEndpoint.FromEnvironment());

    public static DockerClient FromEnvironment(ILogger<DockerClient>? logger) => new(DockerEndpoint.FromEnvironment(), logger);

    public Task PingAsync(CancellationToken cancellationToken) =>
        CallAsync("ping", (engine, ct) => engine.System.PingAsync(ct), cancellationToken);

    public async Task<EngineVersion> VersionAsync(CancellationToken cancellationToken)
    {
        var body = await CallAsync("version", (engine, ct) => engine.System.GetVersionAsync(ct), cancellationToken);
        return new EngineVersion(body.Version, body.APIVersion, body.Os, body.Arch, body.KernelVersion ?? "");
    }

    public void Dispose()
    {
        if (_ownsEngine)
        {
            _engine.Dispose();
        }
    }

    private static EngineClient Connect(DockerEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        DockerClientBuilder builder = new DockerClientBuilder()
            .WithEndpoint(endpoint.Uri)
            .WithApiVersion(System.Version.Parse(ApiVersion))
            // Waits, builds, archive copies and log reads last as long as they last; callers pass cancellation tokens.
            .WithTimeout(Timeout.InfiniteTimeSpan);
        return endpoint.IsUnixSocket ? builder.WithTransportOptions(new UnixSocketTransportOptions()).Build() : builder.Build();
    }

    /// <summary>One engine call with its failures translated (see <see cref="Translate"/>).</summary>
    private async Task<T> CallAsync<T>(string operation, Func<IDockerClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(_engine, cancellationToken);
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException)
        {
            throw Translate(operation, ex, cancellationToken);
        }
    }

    private async Task CallAsync(string operation, Func<IDockerClient, CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        try
        {
            await call(_engine, cancellationToken);
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException)
        {
            throw Translate(operation, ex, cancellationToken);
        }
    }

    /// <summary>Like <see cref="CallAsync{T}"/>, but an engine answer of 404 (no such object) gives null.</summary>
    private async Task<T?> FindAsync<T>(string operation, Func<IDockerClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await CallAsync(operation, call, cancellationToken);
        }
        catch (DockerException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Maps a Docker.DotNet failure to what callers handle: the engine's refusal, an unreachable
    /// engine and a broken request become <see cref="DockerException"/>s; a failure caused by the
    /// caller's cancellation becomes <see cref="OperationCanceledException"/> (Docker.DotNet's
    /// transport reports a cancelled request as an <see cref="HttpRequestException"/>).
    /// </summary>
    private Exception Translate(string operation, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is DockerApiException api)
        {
            string? message = DockerErrors.EngineMessage(api.ResponseBody);
            Log.EngineRequestFailed(_logger, operation, (int)api.StatusCode, message);
            return DockerErrors.FromResponse(operation, api.StatusCode, message, api);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException($"Docker engine {operation} was cancelled.", exception, cancellationToken);
        }

        // Docker.DotNet's transport wraps a failed connect directly: the socket error is the cause.
        return exception is HttpRequestException { InnerException: SocketException }
            ? DockerErrors.Transport(Endpoint, (HttpRequestException)exception)
            : DockerErrors.RequestFailed(operation, Endpoint, exception);
    }
}
