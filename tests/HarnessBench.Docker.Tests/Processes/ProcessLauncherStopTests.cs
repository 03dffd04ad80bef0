using HarnessBench.Docker.Processes;
using HarnessBench.Docker.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarnessBench.Docker.Tests.Processes;

/// <summary>
/// Stopping host processes: the graceful signal first (through CliWrap's graceful token for SIGINT),
/// SIGKILL after the grace period, and the whole tree, also the children CliWrap's forceful kill
/// cannot see (re-parented when their shell died, or in a session of their own).
/// </summary>
public sealed class ProcessLauncherStopTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ProcessLauncher _launcher = new(NullLogger<ProcessLauncher>.Instance);

    public void Dispose() => _dir.Dispose();

    private static ProcessSpec Bash(string script) => new("bash", ["-c", script]);

    [Fact]
    public async Task Timeout_kills_the_whole_tree_including_children_that_ignore_SIGTERM()
    {
        string pids = _dir.Combine("pids");
        var clock = new ManualClock();
        var launcher = new ProcessLauncher(NullLogger<ProcessLauncher>.Instance, clock);
        // The child ignores SIGTERM (and only then writes its pid) and the parent waits for it: the parent
        // dies of SIGTERM, the child is re-parented, and only the SIGKILL of the tree listed before ends it.
        ProcessSpec spec = Bash($"(trap '' TERM; echo $BASHPID > {pids}.new; mv {pids}.new {pids}; sleep 300) & wait") with
        {
            Timeout = TimeSpan.FromSeconds(1),
            GracePeriod = TimeSpan.FromMilliseconds(500),
        };

        Task<ProcessResult> run = launcher.RunAsync(spec, CancellationToken.None);
        // The timeout elapses when the child ignores SIGTERM, however late bash got to it.
        int child = await Pids.ReadAsync(pids);
        clock.Advance(spec.Timeout);
        ProcessResult result = await Pids.RunOutAsync(run, clock, spec.GracePeriod);

        Assert.True(result.TimedOut);
        Assert.True(await Pids.GoneAsync(child), $"child {child} survived the timeout");
    }

    [Fact]
    public async Task Timeout_sends_SIGTERM_first_so_the_trap_handler_cleans_up()
    {
        string ready = _dir.Combine("ready");
        string cleaned = _dir.Combine("cleaned");
        var clock = new ManualClock();
        var launcher = new ProcessLauncher(NullLogger<ProcessLauncher>.Instance, clock);
        ProcessSpec spec = Bash($"trap 'echo cleaned-up; touch {cleaned}; exit 3' TERM; touch {ready}; sleep 300 & wait") with
        {
            Timeout = TimeSpan.FromSeconds(1),
            GracePeriod = TimeSpan.FromSeconds(20),
        };

        Task<ProcessResult> run = launcher.RunAsync(spec, CancellationToken.None);
        // The timeout elapses once the trap is set; the clock never moves again, so the run can end
        // only through SIGTERM and the trap, never by waiting out the grace period.
        await Poll.UntilAsync(() => File.Exists(ready), "the script to set its trap");
        clock.Advance(spec.Timeout);
        ProcessResult result = await run.WaitAsync(Pids.HangGuard);

        Assert.True(result.TimedOut);
        Assert.True(File.Exists(cleaned), "the TERM trap did not run");
        Assert.Equal(3, result.ExitCode); // the trap's own exit code, although CliWrap saw a cancellation
        Assert.Contains("cleaned-up", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(spec.Timeout, result.Duration); // by the launcher's clock: the timeout, and no grace period
    }

    [Fact]
    public async Task A_SIGINT_stop_goes_through_CliWrap_s_graceful_cancellation_first()
    {
        string ready = _dir.Combine("ready");
        string interrupted = _dir.Combine("interrupted");
        ProcessSpec spec = Bash($"trap 'touch {interrupted}; exit 4' INT; touch {ready}; sleep 300 & wait") with
        {
            StopSignal = ProcessSignal.Interrupt,
            GracePeriod = TimeSpan.FromMinutes(5), // only the trap ends this within the hang guard
        };
        using var cancel = new CancellationTokenSource();

        Task<ProcessResult> run = _launcher.RunAsync(spec, cancel.Token);
        await Poll.UntilAsync(() => File.Exists(ready), "the script to set its trap");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Pids.HangGuard));
        Assert.True(File.Exists(interrupted), "the INT trap did not run");
    }

    [Fact]
    public async Task Cancellation_kills_sh_and_both_its_sleeps_and_throws()
    {
        // A duration no other process on the host uses, so the sleeps can be found by their argv.
        string seconds = "100." + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var cancel = new CancellationTokenSource();

        Task<ProcessResult> run = _launcher.RunAsync(new ProcessSpec("sh", ["-c", $"sleep {seconds} & sleep {seconds}"]) { GracePeriod = TimeSpan.FromSeconds(1) }, cancel.Token);
        IReadOnlyList<int> sleeps = await Poll.UntilAsync(
            () => Task.FromResult(Pids.WithArguments("sleep", seconds) is { Count: 2 } both ? both : null), "both sleeps to start");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Pids.HangGuard));
        foreach (int sleep in sleeps)
        {
            Assert.True(await Pids.GoneAsync(sleep), $"sleep {sleep} survived the cancellation");
        }
    }

    [Fact]
    public async Task A_child_in_a_session_of_its_own_is_killed_too()
    {
        string pids = _dir.Combine("pids");
        using var cancel = new CancellationTokenSource();
        // setsid takes the child out of the process group: a kill of the group misses it, the tree listed
        // before the stop does not.
        Task<ProcessResult> run = _launcher.RunAsync(Bash($"setsid sleep 300 & echo $! > {pids}.new; mv {pids}.new {pids}; wait") with { GracePeriod = TimeSpan.FromSeconds(1) }, cancel.Token);
        int child = await Pids.ReadAsync(pids);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Pids.HangGuard));
        Assert.True(await Pids.GoneAsync(child), $"child {child} survived the cancellation");
    }

    [Fact]
    public async Task A_started_process_stops_once_and_reports_its_signal_exit_code()
    {
        await using LaunchedProcess process = _launcher.Start(new ProcessSpec("sleep", ["300"]));
        Assert.False(process.HasExited);

        await Task.WhenAll(process.StopAsync(ProcessSignal.Terminate, Pids.HangGuard), process.StopAsync(ProcessSignal.Kill, TimeSpan.Zero));

        Assert.True(process.HasExited);
        Assert.Equal(128 + 15, process.ExitCode); // the first stop's SIGTERM; the second was the same stop
    }
}
