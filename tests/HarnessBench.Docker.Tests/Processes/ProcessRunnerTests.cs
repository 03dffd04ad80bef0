using System.Diagnostics;
using System.Globalization;
using HarnessBench.Docker.Processes;
using HarnessBench.Docker.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarnessBench.Docker.Tests.Processes;

public sealed class ProcessRunnerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ProcessRunner _runner = new(NullLogger<ProcessRunner>.Instance);

    public void Dispose() => _dir.Dispose();

    private static ProcessSpec Bash(string script) => new("bash", ["-c", script]);

    [Fact]
    public async Task Output_goes_to_memory_and_to_the_file_with_exit_code_env_and_directory()
    {
        string log = _dir.Combine("out.log");
        ProcessSpec spec = Bash("echo \"out $GREETING $(pwd)\"; echo err >&2; exit 5") with
        {
            OutputPath = log,
            WorkingDirectory = _dir.Path,
            Environment = new Dictionary<string, string?> { ["GREETING"] = "hello", ["HOME"] = null },
        };

        ProcessResult result = await _runner.RunAsync(spec, CancellationToken.None);

        Assert.Equal(5, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.Equal($"out hello {_dir.Path}\n", result.StandardOutput);
        Assert.Equal("err\n", result.StandardError);
        Assert.Contains("out hello", File.ReadAllText(log), StringComparison.Ordinal);
        Assert.Contains("err", File.ReadAllText(log), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Captured_output_is_capped_but_the_file_gets_everything()
    {
        string log = _dir.Combine("big.log");
        ProcessSpec spec = Bash("head -c 100000 /dev/zero | tr '\\0' x") with { OutputPath = log, MaxCapturedBytes = 1000 };

        ProcessResult result = await _runner.RunAsync(spec, CancellationToken.None);

        Assert.Equal(1000, result.StandardOutput.Length);
        Assert.True(result.OutputTruncated);
        Assert.Equal(100_000, new FileInfo(log).Length);
    }

    [Fact]
    public async Task Timeout_kills_the_whole_tree_including_children_that_ignore_SIGTERM()
    {
        string pids = _dir.Combine("pids");
        var clock = new ManualClock();
        var runner = new ProcessRunner(NullLogger<ProcessRunner>.Instance, clock);
        // The child ignores SIGTERM (and only then writes its pid) and the parent waits for it: only
        // SIGKILL after the grace period ends this.
        ProcessSpec spec = Bash($"(trap '' TERM; echo $BASHPID > {pids}.new; mv {pids}.new {pids}; sleep 300) & wait") with
        {
            Timeout = TimeSpan.FromSeconds(1),
            GracePeriod = TimeSpan.FromMilliseconds(500),
        };

        Task<ProcessResult> run = runner.RunAsync(spec, CancellationToken.None);
        // The timeout elapses when the child ignores SIGTERM, however late bash got to it.
        int child = await ReadPidAsync(pids);
        clock.Advance(spec.Timeout);
        ProcessResult result = await RunOutAsync(run, clock, spec.GracePeriod);

        Assert.True(result.TimedOut);
        Assert.True(await GoneAsync(child), $"child {child} survived the timeout");
    }

    [Fact]
    public async Task Timeout_sends_SIGTERM_first_so_the_process_can_clean_up()
    {
        string ready = _dir.Combine("ready");
        var clock = new ManualClock();
        var runner = new ProcessRunner(NullLogger<ProcessRunner>.Instance, clock);
        ProcessSpec spec = Bash($"trap 'echo cleaned-up; exit 3' TERM; touch {ready}; sleep 300 & wait") with
        {
            Timeout = TimeSpan.FromSeconds(1),
            GracePeriod = TimeSpan.FromSeconds(20),
        };

        Task<ProcessResult> run = runner.RunAsync(spec, CancellationToken.None);
        // The timeout elapses once the trap is set; the clock never moves again, so the run can end
        // only through SIGTERM and the trap, never by waiting out the grace period.
        await Poll.UntilAsync(() => File.Exists(ready), "the script to set its trap");
        clock.Advance(spec.Timeout);
        ProcessResult result = await run.WaitAsync(HangGuard);

        Assert.True(result.TimedOut);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("cleaned-up", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(spec.Timeout, result.Duration); // by the runner's clock: the timeout, and no grace period
    }

    [Fact]
    public async Task Cancellation_stops_the_tree_and_throws()
    {
        string pids = _dir.Combine("pids");
        using var cancel = new CancellationTokenSource();

        Task<ProcessResult> run = _runner.RunAsync(Bash($"sleep 300 & echo $! > {pids}.new; mv {pids}.new {pids}; wait") with { GracePeriod = TimeSpan.FromSeconds(1) }, cancel.Token);
        int child = await ReadPidAsync(pids);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(HangGuard));
        Assert.True(await GoneAsync(child), $"child {child} survived the cancellation");
    }

    [Fact]
    public async Task A_missing_program_throws_a_fix_it_message()
    {
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() =>
            _runner.RunAsync(new ProcessSpec("harnessbench-no-such-tool", []), CancellationToken.None));

        Assert.Contains("harnessbench-no-such-tool was not found on PATH", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A cap against a hang, never a measurement: the processes here would otherwise sleep 300 s.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    private static async Task<int> ReadPidAsync(string path)
    {
        await Poll.UntilAsync(() => File.Exists(path), $"a pid in {path}");
        return int.Parse((await File.ReadAllTextAsync(path)).Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Moves the clock on by <paramref name="step"/> until the run ends (the grace period, by the runner's clock).</summary>
    private static async Task<ProcessResult> RunOutAsync(Task<ProcessResult> run, ManualClock clock, TimeSpan step)
    {
        var guard = Stopwatch.StartNew();
        while (!run.IsCompleted && guard.Elapsed < HangGuard)
        {
            clock.Advance(step);
            await Task.WhenAny(run, Task.Delay(50));
        }

        return await run.WaitAsync(TimeSpan.FromSeconds(1));
    }

    /// <summary>True once the pid is gone or a zombie (killed, waiting for init to reap it).</summary>
    private static async Task<bool> GoneAsync(int pid)
    {
        var guard = Stopwatch.StartNew();
        while (guard.Elapsed < HangGuard)
        {
            string stat;
            try
            {
                stat = await File.ReadAllTextAsync($"/proc/{pid}/stat");
            }
            catch (IOException)
            {
                return true;
            }

            if (stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z'))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
