using Microsoft.Extensions.Logging;

namespace HarnessBench.Docker.Processes;

/// <summary>
/// The one way this program runs host processes (debootstrap, tar, docker, model servers), built on
/// CliWrap. Every process runs in a session of its own (setsid), so that a stop reaches the whole
/// tree: <see cref="ProcessSpec.StopSignal"/> first, a grace period, then SIGKILL (see
/// <see cref="LaunchedProcess.StopAsync"/>). Short commands go through <see cref="RunAsync"/>;
/// long-lived ones (model servers) through <see cref="Start"/>, and the caller stops them.
/// </summary>
internal sealed class ProcessLauncher(ILogger<ProcessLauncher> logger, TimeProvider? timeProvider = null)
{
    private static readonly string? SetsidPath = FindOnPath("setsid", null);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>
    /// Runs <paramref name="spec"/> to its exit. Past <see cref="ProcessSpec.Timeout"/> the tree is stopped
    /// and the result says <see cref="ProcessResult.TimedOut"/>; cancellation stops the tree, then throws
    /// <see cref="OperationCanceledException"/>. A failing <see cref="ProcessSpec.StandardOutput"/> consumer's
    /// exception is rethrown.
    /// </summary>
    /// <exception cref="FileNotFoundException">The program is not on PATH or not at its path.</exception>
    public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        long started = _time.GetTimestamp();
        await using LaunchedProcess process = Start(spec);
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
                    Log.ProcessTimedOut(logger, spec.FileName, process.Pid, spec.Timeout);
                }

                await process.StopAsync(spec.StopSignal, spec.GracePeriod);
            }
        }

        try
        {
            await process.Completion;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // A stdout consumer that failed because the stop cut its stream short: the cancellation is the news.
        }

        cancellationToken.ThrowIfCancellationRequested();
        return process.Result(timedOut, _time.GetElapsedTime(started));
    }

    /// <summary>Starts <paramref name="spec"/> and returns at once; the caller stops or disposes the process.</summary>
    /// <exception cref="FileNotFoundException">The program is not on PATH or not at its path.</exception>
    /// <exception cref="DirectoryNotFoundException">The working directory does not exist.</exception>
    public LaunchedProcess Start(ProcessSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string directory = Path.GetFullPath(spec.WorkingDirectory ?? Environment.CurrentDirectory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Cannot run {spec.FileName}: its working directory {directory} does not exist.");
        }

        string program = Resolve(spec, directory);
        // With setsid the program execs in place as leader of a new session and group, so its pid is the
        // group id and a kill of the group reaches children that re-parent when it dies.
        var process = SetsidPath is null
            ? new LaunchedProcess(spec, program, spec.Arguments, directory, ownGroup: false, logger, _time)
            : new LaunchedProcess(spec, SetsidPath, [program, .. spec.Arguments], directory, ownGroup: true, logger, _time);
        Log.ProcessStarted(logger, spec.FileName, process.Pid);
        return process;
    }

    private static string Resolve(ProcessSpec spec, string directory)
    {
        string? path = spec.FileName.Contains('/', StringComparison.Ordinal)
            ? Path.GetFullPath(spec.FileName, directory)
            : FindOnPath(spec.FileName, spec.Environment.GetValueOrDefault("PATH"));
        if (path is null || !File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Program {spec.FileName} was not found{(path is null ? " on PATH" : $" at {path}")}. Install it (`scripts/setup.sh` installs the host tools) or fix the path.",
                spec.FileName);
        }

        const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & AnyExecute) == 0)
        {
            throw new FileNotFoundException($"Program {path} is not executable. Make it executable (chmod +x) or run it through its interpreter.", path);
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
