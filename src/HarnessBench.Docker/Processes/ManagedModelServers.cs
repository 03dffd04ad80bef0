using System.Globalization;
using System.Text;
using System.Text.Json;
using HarnessBench.Core.Config;
using HarnessBench.Core.Sweep;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarnessBench.Docker.Processes;

/// <summary>
/// Starts a model's `serve:` command before its cells and stops it after them (models run one after
/// another, so one server is up at a time). Output goes to &lt;run&gt;/servers/&lt;model&gt;.log; every start
/// and stop is recorded as a line of &lt;run&gt;/servers.jsonl (event, model, time, ready_ms, error, exit_code, log). Models
/// without `serve:` are a no-op. Disposing stops whatever is still running (the Ctrl-C safety net);
/// a server left behind by a killed hbench is stopped by the next one on the same run (<see cref="ServerPidFile"/>).
/// </summary>
public sealed class ManagedModelServers : IModelLifecycle, IAsyncDisposable
{
    private readonly string _runDirectory;
    private readonly TextWriter _output;
    private readonly TimeProvider _time;
    private readonly ProcessLauncher _launcher = new(NullLogger<ProcessLauncher>.Instance);
    private readonly Dictionary<string, LaunchedProcess> _running = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ManagedModelServers(string runDirectory, TextWriter output, TimeProvider? timeProvider = null)
    {
        _runDirectory = runDirectory;
        _output = output;
        _time = timeProvider ?? TimeProvider.System;
        // A forced exit (second Ctrl-C, host shutdown timeout) skips StopAsync: the server is in its own
        // session, so no terminal signal reaches it; kill it here rather than leave it holding the GPU.
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        foreach (var server in ServerPidFile.ReapOrphans(runDirectory))
            _output.WriteLine($"stopped model server {server} left running by an hbench process that died");
    }

    /// <summary>Between the stop signal and SIGKILL.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Time between readiness polls, and the limit of one poll.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public static string LogPath(string runDirectory, string model) => Path.Join(runDirectory, "servers", model + ".log");

    public async Task StartAsync(ModelSpec model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Serve is not { } serve) return;
        var log = LogPath(_runDirectory, model.Name);
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        var startedAt = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        LaunchedProcess server;
        try
        {
            // Output goes to the log only (nothing is kept in memory); the server runs until StopServerAsync.
            server = _launcher.Start(new ProcessSpec(serve.Command[0], [.. serve.Command.Skip(1)])
            {
                Environment = serve.Environment.ToDictionary(e => e.Key, string? (e) => e.Value, StringComparer.Ordinal),
                WorkingDirectory = serve.WorkingDirectory,
                OutputPath = log,
                MaxCapturedBytes = 0,
            });
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException)
        {
            throw new InvalidOperationException($"the server command '{serve.Command[0]}' could not be started ({ex.Message}); check the command and workdir under 'serve' in bench.yaml", ex);
        }
        lock (_gate) _running[model.Name] = server;
        ServerPidFile.Write(_runDirectory, model.Name, server.Pid);
        _output.WriteLine($"model {model.Name}: starting server (pid {server.Pid}), waiting for {serve.ReadyUrl} (up to {Seconds(serve.StartupTimeout)}); log: {log}");

        string? failure;
        try
        {
            failure = await WaitReadyAsync(server, serve, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await StopServerAsync(model, serve);
            throw;
        }
        var readyMs = (long)_time.GetElapsedTime(started).TotalMilliseconds;
        if (failure is not null)
        {
            var exitCode = await StopServerAsync(model, serve);
            Record("failed", model.Name, startedAt, readyMs: null, failure, exitCode, log);
            throw new InvalidOperationException($"the server of model '{model.Name}' {failure}. Log: {log}{Tail(log)}");
        }
        Record("ready", model.Name, startedAt, readyMs, error: null, exitCode: null, log);
        _output.WriteLine($"model {model.Name}: server ready in {readyMs / 1000.0:0.0}s");
    }

    public async Task StopAsync(ModelSpec model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Serve is { } serve && await StopServerAsync(model, serve) is { } exitCode)
        {
            Record("stopped", model.Name, _time.GetUtcNow(), readyMs: null, error: null, exitCode, LogPath(_runDirectory, model.Name));
            _output.WriteLine($"model {model.Name}: server stopped (exit {exitCode.ToString(CultureInfo.InvariantCulture)})");
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        List<KeyValuePair<string, LaunchedProcess>> left;
        lock (_gate)
        {
            left = [.. _running];
            _running.Clear();
        }
        foreach (var (model, server) in left)
        {
            await server.DisposeAsync();
            ServerPidFile.Delete(_runDirectory, model);
        }
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        lock (_gate)
        {
            foreach (var server in _running.Values) server.Kill();
        }
    }

    private async Task<int?> StopServerAsync(ModelSpec model, ModelServe serve)
    {
        LaunchedProcess? server;
        lock (_gate)
        {
            if (!_running.Remove(model.Name, out server)) return null;
        }
        await server.StopAsync(Signal(serve.StopSignal), GracePeriod);
        var exitCode = server.ExitCode;
        await server.DisposeAsync();
        ServerPidFile.Delete(_runDirectory, model.Name);
        return exitCode;
    }

    /// <summary>Null when ready; otherwise what went wrong (exited, or not ready in time).</summary>
    private async Task<string?> WaitReadyAsync(LaunchedProcess server, ModelServe serve, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var deadline = _time.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (server.HasExited)
                return $"exited with code {server.ExitCode} before it was ready";
            using (var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                poll.CancelAfter(PollInterval * 4);
                try
                {
                    using var response = await http.GetAsync(serve.ReadyUrl, HttpCompletionOption.ResponseHeadersRead, poll.Token);
                    if ((int)response.StatusCode < 500) return null;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // This poll timed out; the server may be busy loading.
                }
            }
            if (_time.GetElapsedTime(deadline) >= serve.StartupTimeout)
                return $"did not answer {serve.ReadyUrl} within its startup_timeout of {Seconds(serve.StartupTimeout)}";
            // Wakes early when the server exits, so a crash is reported at once.
            await Task.WhenAny(server.WaitForExitAsync(cancellationToken), Task.Delay(PollInterval, _time, cancellationToken));
        }
    }

    /// <param name="kind">"ready" or "failed" (a start, at <paramref name="at"/>), or "stopped" (after the model's cells).</param>
    private void Record(string kind, string model, DateTimeOffset at, long? readyMs, string? error, int? exitCode, string log)
    {
        var line = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["event"] = kind,
            ["model"] = model,
            [kind == "stopped" ? "stopped_at" : "started_at"] = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["ready_ms"] = readyMs,
            ["error"] = error,
            ["exit_code"] = exitCode,
            ["log"] = Path.GetRelativePath(_runDirectory, log),
        });
        File.AppendAllText(Path.Join(_runDirectory, "servers.jsonl"), line + "\n");
    }

    private static string Tail(string log)
    {
        try
        {
            var lines = File.ReadAllLines(log, Encoding.UTF8).Where(l => l.Length > 0).TakeLast(10).ToList();
            return lines.Count == 0 ? " (empty)" : "; last lines:\n  " + string.Join("\n  ", lines);
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + "s";

    private static ProcessSignal Signal(string name) => name switch
    {
        "SIGINT" => ProcessSignal.Interrupt,
        "SIGKILL" => ProcessSignal.Kill,
        _ => ProcessSignal.Terminate,
    };
}
