using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace HarnessBench.Docker.Processes;

/// <summary>
/// Runs host-side commands (debootstrap, model servers) in their own process group (via setsid)
/// so that a timeout or cancellation stops the whole tree: SIGTERM, a grace period, then SIGKILL.
/// Cancellation stops the tree, then throws <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class ProcessRunner(ILogger<ProcessRunner> logger, TimeProvider? timeProvider = null)
{
    private static readonly string? SetsidPath = FindOnPath("setsid", null);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string program = Resolve(spec);
        using Process process = Start(spec, program);
        long started = _time.GetTimestamp();
        // With setsid the child execs in place as leader of a new group, so its pid is the group id.
        int group = SetsidPath is null ? 0 : process.Id;
        Log.ProcessStarted(logger, spec.FileName, process.Id);

        await using var sink = new OutputSink(spec.OutputPath, spec.MaxCapturedBytes);
        Task pumps = Task.WhenAll(
            sink.PumpAsync(process.StandardOutput.BaseStream, isError: false),
            sink.PumpAsync(process.StandardError.BaseStream, isError: true));

        bool timedOut = false;
        using (var timeout = new CancellationTokenSource(spec.Timeout, _time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
        {
            try
            {
                await process.WaitForExitAsync(linked.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = !cancellationToken.IsCancellationRequested;
                if (timedOut)
                {
                    Log.ProcessTimedOut(logger, spec.FileName, process.Id, spec.Timeout);
                }

                await StopTreeAsync(process, group, spec);
            }
        }

        // A daemonized grandchild may hold the pipes open forever; do not wait for it.
        await Task.WhenAny(pumps, Task.Delay(TimeSpan.FromSeconds(5), _time, CancellationToken.None));
        cancellationToken.ThrowIfCancellationRequested();
        return new ProcessResult(
            process.ExitCode,
            timedOut,
            _time.GetElapsedTime(started),
            sink.Text(isError: false),
            sink.Text(isError: true),
            sink.Truncated);
    }

    private async Task StopTreeAsync(Process process, int group, ProcessSpec spec)
    {
        // Descendants are listed before anything dies: once their parent is gone they are re-parented out of reach.
        IReadOnlyList<ProcessIdentity> tree = ProcessTree.Descendants(process.Id);
        ProcessTree.Signal(group, tree, NativeMethods.SigTerm);
        if (group == 0)
        {
            _ = NativeMethods.Kill(process.Id, NativeMethods.SigTerm);
        }

        using var grace = new CancellationTokenSource(spec.GracePeriod, _time);
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            Log.ProcessKilled(logger, spec.FileName, process.Id, spec.GracePeriod);
        }

        // Whatever is left of the tree (including children that ignored SIGTERM) dies now.
        ProcessTree.Signal(group, tree, NativeMethods.SigKill);
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        await process.WaitForExitAsync(CancellationToken.None);
    }

    private static Process Start(ProcessSpec spec, string program)
    {
        var info = new ProcessStartInfo
        {
            FileName = SetsidPath ?? program,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = spec.WorkingDirectory ?? "",
        };
        if (SetsidPath is not null)
        {
            info.ArgumentList.Add(program);
        }

        foreach (string argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach ((string name, string? value) in spec.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
            process.StandardInput.Close(); // EOF instead of our terminal
            return process;
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    private static string Resolve(ProcessSpec spec)
    {
        string? path = spec.FileName.Contains('/', StringComparison.Ordinal)
            ? Path.GetFullPath(spec.FileName, spec.WorkingDirectory ?? Environment.CurrentDirectory)
            : FindOnPath(spec.FileName, spec.Environment.GetValueOrDefault("PATH"));
        if (path is null || !File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Program {spec.FileName} was not found{(path is null ? " on PATH" : $" at {path}")}. Install it (`scripts/setup.sh` installs the host tools) or fix the path.",
                spec.FileName);
        }

        return path;
    }

    private static string? FindOnPath(string name, string? pathVariable)
    {
        string path = pathVariable ?? Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Join(directory, name))
            .FirstOrDefault(File.Exists);
    }
}
