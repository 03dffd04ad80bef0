using System.Net;
using System.Net.Sockets;
using System.Text;
using HarnessBench.Cli.Viewer;

namespace HarnessBench.Cli.Tests.Viewer;

/// <summary>
/// Raw logs are served from the cell folder only: no "..", no absolute path, no symlink on the way
/// (the agent can plant links), both in the resolver and through the real server, whatever the
/// encoding of the request line.
/// </summary>
public sealed class RawFilesTests : IDisposable
{
    private readonly ViewerRun _run = new();

    public void Dispose() => _run.Dispose();

    private string CellDir => Path.Combine(_run.Alpha, "cells", _run.Target.CellId);

    [Theory]
    [InlineData("agent.stdout.log")]
    [InlineData("evidence/evidence.jsonl")]
    [InlineData("agent-logs/sessions/evil.html")]
    [InlineData("workspace/notes.md")]
    public void Files_below_the_cell_folder_resolve(string relative)
    {
        Assert.Equal(Path.Combine(CellDir, relative), RawFiles.Resolve(CellDir, relative));
    }

    [Theory]
    [InlineData("../../results.jsonl")]
    [InlineData("../../outside.txt")]
    [InlineData("agent-logs/../../../outside.txt")]
    [InlineData("./agent.stdout.log")]
    [InlineData("/etc/passwd")]
    [InlineData("escape.log")]               // a symlink to /etc/passwd
    [InlineData("agent-logs/passwd.log")]    // the same, deeper
    [InlineData("agent-logs/etc/passwd")]    // through a symlinked directory
    [InlineData("agent-logs\\..\\..\\outside.txt")]
    [InlineData("agent.stdout.log\0.txt")]
    [InlineData("agent-logs//after.log")]
    [InlineData("agent-logs")]               // a directory, not a file
    [InlineData("")]
    public void Traversal_links_and_odd_names_are_refused(string relative)
    {
        Assert.Null(RawFiles.Resolve(CellDir, relative));
    }

    [Fact]
    public void A_cell_folder_that_is_itself_a_link_is_refused()
    {
        var link = Path.Combine(_run.Alpha, "cells", "linked-cell");
        Directory.CreateSymbolicLink(link, CellDir);

        Assert.Null(RawFiles.Resolve(link, "agent.stdout.log"));
    }

    [Fact]
    public void Exported_names_never_end_in_a_renderable_extension()
    {
        Assert.Equal("agent-logs/sessions/evil.html.txt", RawFiles.ExportName("agent-logs/sessions/evil.html"));
        Assert.Equal("agent.stdout.log", RawFiles.ExportName("agent.stdout.log"));
        Assert.Equal("gateway.transcript.jsonl", RawFiles.ExportName("gateway.transcript.jsonl.gz"));
        Assert.Equal("x.svg.txt", RawFiles.ExportName("x.svg"));
    }

    [Fact]
    public async Task The_server_refuses_traversal_in_any_spelling_and_serves_logs_as_sandboxed_text()
    {
        await using var server = await ViewServer.StartAsync(_run.Site(), "127.0.0.1", 0);
        var cell = $"/runs/alpha/cells/{_run.Target.CellId}";

        var ok = await RawGet(server.Address, $"{cell}/raw/agent-logs/sessions/evil.html");
        Assert.StartsWith("HTTP/1.1 200", ok, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/plain; charset=utf-8", ok, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Content-Security-Policy: default-src 'none'; sandbox", ok, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("X-Content-Type-Options: nosniff", ok, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(ViewerRun.Hostile, ok, StringComparison.Ordinal); // as the agent wrote it, but as text

        var transcript = await RawGet(server.Address, $"{cell}/raw/gateway.transcript.jsonl.gz");
        Assert.Contains("\"path\":\"/c/token/v1/chat/completions\"", transcript, StringComparison.Ordinal); // decompressed

        foreach (var attack in new[]
        {
            $"{cell}/raw/../../../results.jsonl",
            $"{cell}/raw/%2e%2e/%2e%2e/%2e%2e/results.jsonl",
            $"{cell}/raw/..%2f..%2f..%2fresults.jsonl",
            $"{cell}/raw/%2e%2e%2f%2e%2e%2foutside.txt",
            $"{cell}/raw/escape.log",
            $"{cell}/raw/agent-logs/passwd.log",
            $"{cell}/raw/agent-logs/etc/passwd",
            $"{cell}/raw//etc/passwd",
            $"{cell}/raw/%2fetc%2fpasswd",
            $"{cell}/raw/..\\..\\outside.txt",
            "/runs/alpha/cells/..%2f..%2f..%2f..%2fetc/raw/passwd",
            "/runs/alpha/../../../../etc/passwd",
        })
        {
            var answer = await RawGet(server.Address, attack);
            Assert.False(answer.StartsWith("HTTP/1.1 200", StringComparison.Ordinal), $"GET {attack} was served:\n{answer}");
            Assert.DoesNotContain("root:x:0:0", answer, StringComparison.Ordinal);
            Assert.DoesNotContain("outside every cell folder", answer, StringComparison.Ordinal);
            Assert.DoesNotContain("\"schema\":1", answer, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task On_loopback_only_loopback_host_names_are_answered()
    {
        await using var server = await ViewServer.StartAsync(_run.Site(), "127.0.0.1", 0);

        Assert.StartsWith("HTTP/1.1 200", await RawGet(server.Address, "/", host: $"localhost:{server.Address.Port}"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 400", await RawGet(server.Address, "/", host: "attacker.example"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 405", await RawGet(server.Address, "/", method: "POST"), StringComparison.Ordinal);
    }

    /// <summary>One request with the target exactly as written (HttpClient and browsers would normalize "..").</summary>
    private static async Task<string> RawGet(Uri server, string target, string? host = null, string method = "GET")
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Port);
        await using var stream = client.GetStream();
        var request = $"{method} {target} HTTP/1.1\r\nHost: {host ?? $"127.0.0.1:{server.Port}"}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
