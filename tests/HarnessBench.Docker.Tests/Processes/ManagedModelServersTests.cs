using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using HarnessBench.Core.Config;
using HarnessBench.Docker.Processes;
using HarnessBench.Docker.Tests.Infrastructure;

namespace HarnessBench.Docker.Tests.Processes;

/// <summary>Real processes: `python3 -m http.server` plays the model server.</summary>
public sealed class ManagedModelServersTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly StringWriter _output = new();

    public void Dispose() => _dir.Dispose();

    private ManagedModelServers Servers() => new(_dir.Path, _output) { GracePeriod = TimeSpan.FromSeconds(2), PollInterval = TimeSpan.FromMilliseconds(50) };

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static ModelSpec Model(string name, IReadOnlyList<string> command, int port, TimeSpan? timeout = null, string signal = "SIGTERM") =>
        new(name, ModelKinds.OpenAi, JsonDocument.Parse("{}").RootElement.Clone(), ModelMetadata.Empty)
        {
            Serve = new ModelServe(command, new Uri($"http://127.0.0.1:{port}/"), timeout ?? TimeSpan.FromSeconds(30), signal,
                new Dictionary<string, string> { ["PYTHONUNBUFFERED"] = "1" }, null),
        };

    internal static ModelSpec HttpServer(string name, int port) =>
        Model(name, ["python3", "-m", "http.server", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1"], port);

    private static int PidOf(string output, string model)
    {
        var marker = $"model {model}: starting server (pid ";
        var start = output.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        return int.Parse(output.AsSpan(start, output.IndexOf(')', start) - start), CultureInfo.InvariantCulture);
    }

    internal static bool Alive(int pid) => Directory.Exists($"/proc/{pid}");

    private static async Task<int> ReadPidAsync(string path)
    {
        await Poll.UntilAsync(() => File.Exists(path), $"a pid in {path}");
        return int.Parse((await File.ReadAllTextAsync(path)).Trim(), CultureInfo.InvariantCulture);
    }

    // A killed child stays a zombie until its parent (this test process) reaps it.
    private static bool Running(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Starts_the_server_waits_until_ready_records_the_start_and_stops_it()
    {
        var port = FreePort();
        var model = HttpServer("local", port);
        await using var servers = Servers();

        await servers.StartAsync(model, CancellationToken.None);
        var pid = PidOf(_output.ToString(), "local");
        Assert.True(Alive(pid));
        using (var http = new HttpClient())
            Assert.True((await http.GetAsync(new Uri($"http://127.0.0.1:{port}/"))).IsSuccessStatusCode);
        await servers.StopAsync(model, CancellationToken.None);

        Assert.False(Alive(pid));
        Assert.Contains("server ready in", _output.ToString(), StringComparison.Ordinal);
        var log = ManagedModelServers.LogPath(_dir.Path, "local");
        Assert.Contains("GET /", File.ReadAllText(log), StringComparison.Ordinal);
        var lines = File.ReadAllLines(_dir.Combine("servers.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["ready", "stopped"], lines.Select(l => l.GetProperty("event").GetString()));
        var line = lines[0];
        Assert.Equal("local", line.GetProperty("model").GetString());
        Assert.True(lines[1].TryGetProperty("exit_code", out var exit) && exit.ValueKind == JsonValueKind.Number);
        Assert.True(line.GetProperty("ready_ms").GetInt64() >= 0);
        Assert.Equal(JsonValueKind.Null, line.GetProperty("error").ValueKind);
        Assert.Equal(Path.Join("servers", "local.log"), line.GetProperty("log").GetString());
    }

    [Fact]
    public async Task A_command_that_exits_at_once_fails_with_the_log_and_its_last_lines()
    {
        var model = Model("broken", ["sh", "-c", "echo 'error: model file not found' >&2; exit 3"], FreePort());
        await using var servers = Servers();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => servers.StartAsync(model, CancellationToken.None));

        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains(ManagedModelServers.LogPath(_dir.Path, "broken"), error.Message, StringComparison.Ordinal);
        Assert.Contains("error: model file not found", error.Message, StringComparison.Ordinal);
        var line = JsonDocument.Parse(File.ReadAllLines(_dir.Combine("servers.jsonl")).Single()).RootElement;
        Assert.Equal("failed", line.GetProperty("event").GetString());
        Assert.Equal(3, line.GetProperty("exit_code").GetInt32());
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_and_is_killed_even_when_it_ignores_the_stop_signal()
    {
        var pidFile = _dir.Combine("pid");
        var model = Model("silent", ["bash", "-c", $"trap '' TERM; echo $$ > {pidFile}.new; mv {pidFile}.new {pidFile}; while true; do sleep 0.1; done"], FreePort(), TimeSpan.FromSeconds(1));
        var clock = new ManualClock();
        await using var servers = new ManagedModelServers(_dir.Path, _output, clock) { GracePeriod = TimeSpan.FromSeconds(2), PollInterval = TimeSpan.FromMilliseconds(50) };

        var start = servers.StartAsync(model, CancellationToken.None);
        // The startup clock runs only once the server ignores the stop signal, however late bash got
        // there: then it is moved on a poll interval at a time until the start gives up.
        int pid = await ReadPidAsync(pidFile);
        var guard = System.Diagnostics.Stopwatch.StartNew();
        while (!start.IsCompleted && guard.Elapsed < Poll.DefaultTimeout)
        {
            clock.Advance(servers.PollInterval);
            await Task.WhenAny(start, Task.Delay(20));
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => start.WaitAsync(Poll.DefaultTimeout));

        Assert.Contains("startup_timeout of 1s", error.Message, StringComparison.Ordinal);
        Assert.Contains("silent.log", error.Message, StringComparison.Ordinal);
        Assert.False(Alive(pid));
    }

    [Fact]
    public async Task Cancelling_while_waiting_for_readiness_stops_the_server()
    {
        var pidFile = _dir.Combine("pid");
        var model = Model("slow", ["bash", "-c", $"echo $$ > {pidFile}.new; mv {pidFile}.new {pidFile}; sleep 300"], FreePort());
        await using var servers = Servers();
        using var cts = new CancellationTokenSource();

        var start = servers.StartAsync(model, cts.Token);
        // Cancelled while the server is up and not ready: once it has written its pid, not after a guessed second.
        int pid = await ReadPidAsync(pidFile);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start.WaitAsync(Poll.DefaultTimeout));
        Assert.False(Alive(pid));
    }

    [Fact]
    public async Task Disposing_stops_a_server_that_is_still_up()
    {
        var model = HttpServer("left", FreePort());
        var servers = Servers();
        await servers.StartAsync(model, CancellationToken.None);
        var pid = PidOf(_output.ToString(), "left");

        await servers.DisposeAsync();

        Assert.False(Alive(pid));
    }

    [Fact]
    public async Task Models_without_serve_are_a_no_op()
    {
        await using var servers = Servers();
        var model = new ModelSpec("remote", ModelKinds.OpenAi, JsonDocument.Parse("{}").RootElement.Clone(), ModelMetadata.Empty);

        await servers.StartAsync(model, CancellationToken.None);
        await servers.StopAsync(model, CancellationToken.None);

        Assert.Equal("", _output.ToString());
        Assert.False(File.Exists(_dir.Combine("servers.jsonl")));
    }

    [Fact]
    public async Task A_server_whose_hbench_died_is_stopped_by_the_next_hbench_on_the_run_and_a_live_owners_is_not()
    {
        var port = FreePort();
        var model = HttpServer("orphan", port);
        await using var first = Servers();
        await first.StartAsync(model, CancellationToken.None);
        var pid = PidOf(_output.ToString(), "orphan");
        var pidFile = _dir.Combine("servers", "orphan.pid");
        Assert.True(File.Exists(pidFile));

        // While its owner (this process) lives, another hbench on the run leaves the server alone.
        await using (new ManagedModelServers(_dir.Path, new StringWriter()))
            Assert.True(Alive(pid));

        // The owner as a kill -9 leaves it: dead (a pid that does not exist), its server still up.
        var lines = File.ReadAllLines(pidFile);
        File.WriteAllLines(pidFile, [lines[0], $"{Environment.MachineName}:{int.MaxValue}:1"]);
        var next = new StringWriter();
        await using (new ManagedModelServers(_dir.Path, next))
        {
            await Poll.UntilAsync(() => !Running(pid), $"server {pid} to stop");
        }

        Assert.False(Running(pid), $"server {pid} still running");
        Assert.Contains($"stopped model server orphan (pid {pid}) left running by an hbench process that died", next.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(pidFile));
    }
}
