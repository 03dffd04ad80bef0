using System.Diagnostics;

namespace HarnessBench.Docker.Processes;

/// <summary>
/// A long-running host process (a model server) in its own process group (via setsid), its output
/// appended to a file. Stopping signals the group, waits a grace period, then SIGKILLs what is left.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly string? SetsidPath = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);
    private readonly Process _process;
    private readonly OutputSink _sink;
    private readonly Task _pumps;
    private readonly int _group;
    private int _stopped;

    private ServerProcess(Process process, OutputSink sink)
    {
        _process = process;
        _sink = sink;
        _group = SetsidPath is null ? 0 : process.Id;
        _pumps = Task.WhenAll(
            sink.PumpAsync(process.StandardOutput.BaseStream, isError: false),
            sink.PumpAsync(process.StandardError.BaseStream, isError: true));
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Starts <paramref name="argv"/>; output goes to <paramref name="logPath"/> (nothing is kept in memory).</summary>
    public static ServerProcess Start(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment, string? workingDirectory, string logPath)
    {
        var info = new ProcessStartInfo
        {
            FileName = SetsidPath ?? argv[0],
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in SetsidPath is null ? argv.Skip(1) : argv) info.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        var sink = new OutputSink(logPath, maxBytes: 0);
        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
            process.StandardInput.Close();
            return new ServerProcess(process, sink);
        }
        catch
        {
            process.Dispose();
            _ = sink.DisposeAsync().AsTask();
            throw;
        }
    }

    /// <summary>Completes when the process exits.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Sends <paramref name="signal"/> to the whole tree, waits up to <paramref name="grace"/>, then SIGKILLs it. Idempotent.</summary>
    public async Task StopAsync(int signal, TimeSpan grace)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            await _process.WaitForExitAsync(CancellationToken.None);
            return;
        }

        // Descendants are listed before anything dies: once their parent is gone they are re-parented out of reach.
        IReadOnlyList<ProcessIdentity> tree = _process.HasExited ? [] : ProcessTree.Descendants(_process.Id);
        ProcessTree.Signal(_group, tree, signal);
        if (_group == 0 && !_process.HasExited) _ = NativeMethods.Kill(_process.Id, signal);
        using (var timeout = new CancellationTokenSource(grace))
        {
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Did not stop in time: SIGKILL below.
            }
        }

        // Whatever is left of the group (including children that ignored the signal) dies now.
        ProcessTree.Signal(_group, tree, NativeMethods.SigKill);
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        // A daemonized grandchild may hold the pipes open; do not wait for it forever.
        await Task.WhenAny(_pumps, Task.Delay(TimeSpan.FromSeconds(2)));
        await _sink.DisposeAsync();
    }

    /// <summary>SIGKILLs the group and its descendants at once, synchronously (for process exit, when nothing may be awaited).</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        ProcessTree.Signal(_group, ProcessTree.Descendants(_process.Id), NativeMethods.SigKill);
        _ = NativeMethods.Kill(_process.Id, NativeMethods.SigKill);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(NativeMethods.SigKill, TimeSpan.Zero);
        _process.Dispose();
    }
}
