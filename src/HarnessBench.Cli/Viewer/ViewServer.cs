using System.IO.Compression;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HarnessBench.Cli.Viewer;

/// <summary>
/// The viewer on Kestrel: GET only, every answer from <see cref="ViewSite"/>. Pages carry a strict
/// Content-Security-Policy; raw files are served as text with a sandbox policy. On a loopback address
/// only loopback Host headers are answered, so a web page elsewhere cannot read the runs through a
/// DNS name rebound to 127.0.0.1.
/// </summary>
internal sealed class ViewServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ViewServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>http://HOST:PORT/ as the server listens (the port resolved when 0 was asked).</summary>
    public Uri Address { get; }

    /// <param name="host">An IP address, or "localhost".</param>
    public static async Task<ViewServer> StartAsync(ViewSite site, string host, int port, CancellationToken ct = default)
    {
        var ip = host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(host);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(ip, port);
        });
        var app = builder.Build();
        var loopback = IPAddress.IsLoopback(ip);
        app.Run(context => Serve(site, context, loopback));
        await app.StartAsync(ct);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(bound.Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal) + "/");
        return new ViewServer(app, uri);
    }

    public Task WaitForShutdownAsync(CancellationToken ct) => _app.WaitForShutdownAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task Serve(ViewSite site, HttpContext context, bool loopback)
    {
        var request = context.Request;
        var response = context.Response;
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["X-Frame-Options"] = "DENY";
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        if (loopback && !IsLoopbackHost(request.Host.Host))
        {
            response.StatusCode = StatusCodes.Status400BadRequest;
            await response.WriteAsync("hbench view answers only loopback host names (localhost, 127.0.0.1, [::1]).");
            return;
        }

        var answer = site.Handle(request.Path.Value ?? "/", key => request.Query.TryGetValue(key, out var v) ? v.ToString() : null);
        response.StatusCode = answer.Status;
        response.ContentType = answer.ContentType;
        response.Headers.CacheControl = "no-store";
        if (answer.Location is not null)
        {
            response.Headers.Location = answer.Location;
            return;
        }

        if (answer.File is { } file)
        {
            response.Headers.ContentSecurityPolicy = ViewAssets.RawPolicy;
            response.Headers.ContentDisposition = "inline";
            await using var stream = File.OpenRead(file);
            await using Stream body = answer.Gunzip ? new GZipStream(stream, CompressionMode.Decompress) : stream;
            try
            {
                await body.CopyToAsync(response.Body, context.RequestAborted);
            }
            catch (InvalidDataException)
            {
                // A transcript cut short: what was readable is already sent.
            }

            return;
        }

        response.Headers.ContentSecurityPolicy = ViewAssets.ContentSecurityPolicy + "; frame-ancestors 'none'";
        await response.Body.WriteAsync(ViewSite.Bytes(answer.Body ?? ""), context.RequestAborted);
    }

    private static bool IsLoopbackHost(string host) =>
        host is "localhost" or "127.0.0.1" or "[::1]" or "::1" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
}
