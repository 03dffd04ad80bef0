using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using HarnessBench.Core.Config;
using HarnessBench.Gateway.Forwarding;
using HarnessBench.Gateway.Http;
using HarnessBench.Gateway.Metering;
using HarnessBench.Gateway.Scripted;
using HarnessBench.Gateway.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarnessBench.Gateway;

/// <summary>
/// The model gateway: a Kestrel server on a unix socket (mode 0666, so uid 1000 in containers can
/// connect) and/or loopback TCP. Each cell opens a session with a random token; requests under
/// /c/TOKEN/ are served by that cell's scripted model or forwarded to its endpoint, and metered.
/// </summary>
internal sealed class ModelGateway : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, CellState> _cells = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private readonly GatewayOptions _options;
    private readonly HttpClient _upstream;
    private readonly ILogger _logger;

    private ModelGateway(WebApplication app, GatewayOptions options, HttpClient upstream, ILogger logger)
    {
        _app = app;
        _options = options;
        _upstream = upstream;
        _logger = logger;
    }

    /// <summary>The TCP base address (http://127.0.0.1:PORT, or the configured address), when listening on TCP.</summary>
    public Uri? TcpBaseUri { get; private set; }

    /// <summary>The unix socket path, when listening on one.</summary>
    public string? SocketPath => _options.SocketPath;

    public GatewayOptions Options => _options;

    public static async Task<ModelGateway> StartAsync(GatewayOptions options, ILoggerFactory? loggers = null, TimeProvider? time = null, CancellationToken ct = default)
    {
        loggers ??= NullLoggerFactory.Instance;
        ILogger logger = loggers.CreateLogger("HarnessBench.Gateway");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, GatewayLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = 64L << 20; // long agent conversations
            kestrel.AddServerHeader = false;
            if (options.SocketPath is { } socket)
            {
                PrepareSocketDirectory(options.SocketDirectory!, socket);
                kestrel.ListenUnixSocket(socket);
            }

            if (options.TcpPort is { } port)
            {
                kestrel.Listen(options.TcpAddress, port);
            }
        });
        var app = builder.Build();
        var upstream = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
        })
        {
            Timeout = options.UpstreamTimeout,
        };
        var gateway = new ModelGateway(app, options, upstream, logger);
        new GatewayEndpoints(gateway._cells, time ?? TimeProvider.System, logger).Map(app);
        await app.StartAsync(ct);
        if (options.SocketPath is { } path)
        {
            // Containers run as uid 1000; the socket must be connectable by them.
            File.SetUnixFileMode(path, (UnixFileMode)0b110_110_110);
            Log.Listening(logger, "unix:" + path);
        }

        if (options.TcpPort is not null)
        {
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
                .First(a => a.StartsWith("http://", StringComparison.Ordinal) && !a.StartsWith("http://unix:", StringComparison.Ordinal));
            gateway.TcpBaseUri = new Uri(address);
            Log.Listening(logger, address);
        }

        return gateway;
    }

    /// <summary>Registers a cell: a fresh token, and the backend its model kind needs.</summary>
    public CellModelSession Open(string cellId, ModelSpec model, CellContext context)
    {
        string token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        string baseUrl = _options.ContainerBaseUrl.TrimEnd('/') + "/c/" + token;
        var session = new CellModelSession(cellId, token, model.Name, baseUrl + "/v1", baseUrl);
        string? key = null;
        IModelBackend backend;
        switch (model.Kind)
        {
            case ModelKinds.Scripted:
                string script = Path.GetFullPath(Path.Combine(context.ScriptBaseDirectory, model.GetSetting("script") ?? throw new InvalidOperationException($"scripted model {model.Name} has no script")));
                backend = new ScriptedBackend(ScriptPlan.Create(Script.Load(script), context));
                break;
            case ModelKinds.OpenAi or ModelKinds.Anthropic:
                var settings = UpstreamSettings.From(model);
                key = settings.ApiKey();
                backend = new UpstreamBackend(settings, _upstream, cellId, _logger);
                break;
            default:
                throw new InvalidOperationException($"model kind '{model.Kind}' cannot be served by the gateway");
        }

        TranscriptWriter? transcript = context.TranscriptPath is { } path ? new TranscriptWriter(path, [key]) : null;
        _cells[token] = new CellState(session, backend, transcript);
        Log.SessionOpened(_logger, cellId, model.Name, model.Kind);
        return session;
    }

    /// <summary>Unregisters the cell (its token answers 404 from now on) and returns what was metered.</summary>
    public CellMetering Close(CellModelSession session)
    {
        if (!_cells.TryRemove(session.Token, out CellState? state))
        {
            throw new InvalidOperationException($"cell {session.CellId} has no open gateway session");
        }

        using (state)
        {
            CellMetering metering = state.Meter.Snapshot();
            Log.SessionClosed(_logger, session.CellId, metering.Totals.Requests, metering.Totals.Errors.Values.Sum());
            return metering;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
        foreach (CellState state in _cells.Values)
        {
            state.Dispose();
        }

        if (_options.SocketPath is { } socket)
        {
            File.Delete(socket);
            try
            {
                Directory.Delete(_options.SocketDirectory!); // only when empty
            }
            catch (IOException)
            {
                // something else lives there: leave it
            }
        }
    }

    private static void PrepareSocketDirectory(string directory, string socket)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(socket) >= 108)
        {
            throw new InvalidOperationException($"the gateway socket path {socket} is longer than unix sockets allow (107 bytes); set HBENCH_RUNTIME_DIR to a shorter directory");
        }

        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        if (File.Exists(socket))
        {
            File.Delete(socket); // a stale socket of a dead run
        }
    }
}
