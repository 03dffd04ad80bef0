using Microsoft.Extensions.Logging;

namespace HarnessBench.Docker.Processes;

/// <summary>
/// A running host process started by <see cref="ProcessLauncher"/>: CliWrap's command task with its two
/// cancellation tokens (graceful, forceful), the exit code, the output, and the stop sequence.
/// </summary>
internal sealed partial class LaunchedProcess : IAsyncDisposable
{
    /// <summary>How long the pipes may stay open after the exit (a daemonized grandchild holding them) before they are abandoned.</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _forceful = new();
    private readonly CancellationTokenSource _graceful = new();
    // Cancelled when a stop begins, before any signal: a stdout consumer (an image import) must abort
    // rather than take the output of a process being stopped for a complete one.
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly OutputCapture _output;
    private readonly Task _execution;
    private readonly bool _ownGroup;
    private readonly string _name;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private Task? _stop;
    private Task? _completion;

    public int Pid { get; private set; }

    public bool HasExited => _exit.Task.IsCompleted;

    public int? ExitCode => HasExited ? _exit.Task.Result : null;

    /// <summary>Completes when CliWrap is done (the exit, then the pipes); faults when a stdout consumer failed.</summary>
    public Task Completion
    {
        get
        {
            lock (_gate)
            {
                return _completion ??= DrainAsync();
            }
        }
    }

    /// <summary>Completes when the process exits.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _exit.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Sends <paramref name="signal"/> to the whole tree, waits up to <paramref name="grace"/> for the exit,
    /// then SIGKILLs whatever is left of the tree. Idempotent; never throws.
    /// </summary>
    public Task StopAsync(ProcessSignal signal, TimeSpan grace)
    {
        lock (_gate)
        {
            return _stop ??= StopCoreAsync(signal, grace);
        }
    }

    /// <summary>SIGKILLs the tree at once, synchronously (at process exit, when nothing may be awaited).</summary>
    public void Kill()
    {
        if (HasExited || Pid <= 0)
        {
            return;
        }

        ProcessTree.Signal(Group(), ProcessTree.Descendants(Pid), ProcessSignal.Kill);
        try
        {
            _stopping.Cancel();
            _forceful.Cancel(); // CliWrap: Process.Kill(entireProcessTree: true)
        }
        catch (ObjectDisposedException)
        {
            // Disposed meanwhile: the process was stopped already.
        }
    }

    internal ProcessResult Result(bool timedOut, TimeSpan duration) =>
        new(ExitCode ?? -1, timedOut, duration, _output.Text(isError: false), _output.Text(isError: true), _output.Truncated);

    public async ValueTask DisposeAsync()
    {
        await StopAsync(ProcessSignal.Kill, TimeSpan.Zero);
        await _output.DisposeAsync();
        DisposeTokens();
    }

    private void DisposeTokens()
    {
        _forceful.Dispose();
        _graceful.Dispose();
        _stopping.Dispose();
    }

    private async Task StopCoreAsync(ProcessSignal signal, TimeSpan grace)
    {
        if (!HasExited && Pid > 0)
        {
            await _stopping.CancelAsync();
            // Descendants are listed before anything dies: once their parent is gone they are re-parented out
            // of reach, also of CliWrap's forceful kill, which walks the live children of the process only.
            IReadOnlyList<ProcessIdentity> tree = ProcessTree.Descendants(Pid);
            int group = Group();
            if (signal != ProcessSignal.Kill)
            {
                SendGraceful(signal, group, tree);
                if (!await ExitsWithinAsync(grace))
                {
                    Log.ProcessKilled(_logger, _name, Pid, signal, grace);
                }
            }

            // Whatever is left of the tree (children that ignored the signal, daemons in the group) dies now.
            ProcessTree.Signal(group, tree, ProcessSignal.Kill);
            if (!HasExited)
            {
                await _forceful.CancelAsync(); // CliWrap: Process.Kill(entireProcessTree: true)
            }
        }

        await Completion.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private void SendGraceful(ProcessSignal signal, int group, IReadOnlyList<ProcessIdentity> tree)
    {
        if (signal == ProcessSignal.Interrupt)
        {
            // CliWrap's graceful cancellation is exactly this: SIGINT to the process (kill(pid, SIGINT)).
            // Its descendants get theirs from here; the group is not signalled, or the process would get two.
            _graceful.Cancel();
            ProcessTree.Signal(0, tree, signal);
            return;
        }

        // CliWrap can only send SIGINT, and a SIGINT after this signal would race the process's handler
        // for it (a shell's trap), so the whole tree gets this one signal from here.
        ProcessTree.Signal(group, tree, signal);
        if (group == 0 && !HasExited)
        {
            _ = NativeMethods.Kill(Pid, (int)signal);
        }
    }

    /// <summary>
    /// The process group to signal, or 0 for none. Read while the process runs, before any signal: a process
    /// started through setsid leads its group only once setsid ran (until then it has no children either).
    /// </summary>
    private int Group() => _ownGroup && ProcessTree.LeadsGroup(Pid) ? Pid : 0;

    private async Task<bool> ExitsWithinAsync(TimeSpan grace)
    {
        using var timer = new CancellationTokenSource(grace, _time);
        try
        {
            await _exit.Task.WaitAsync(timer.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The exit, then the pipes; pipes a daemonized grandchild keeps open are abandoned after <see cref="DrainLimit"/>.</summary>
    private async Task DrainAsync()
    {
        await _exit.Task;
        if (await Task.WhenAny(_execution, Task.Delay(DrainLimit)) != _execution)
        {
            await _forceful.CancelAsync(); // cancels CliWrap's pipe copies; the process is gone already
        }

        await _execution;
    }
}
