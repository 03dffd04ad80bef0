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
        // The child ignores SIGTERM and the parent waits for it: only SIGKILL after the grace period ends this.
        ProcessSpec spec = Bash($"(trap '' TERM; sleep 300) & echo $! > {pids}; wait") with
        {
            Timeout = TimeSpan.FromSeconds(1),
            GracePeriod = TimeSpan.FromMilliseconds(500),
        };
        var watch = Stopwatch.StartNew();

        ProcessResult result = await _runner.RunAsync(spec, CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        int child = int.Parse(File.ReadAllText(pids).Trim(), CultureInfo.InvariantCulture);
        Assert.True(await GoneAsync(child), $"child {child} survived the timeout");
    }

    [Fact]
    public async Task Timeout_sends_SIGTERM_first_so_the_process_can_clean_up()
    {
        ProcessSpec spec = Bash("trap 'echo cleaned-up; exit 3' TERM; sleep 300 & wait") with
        {
            Timeout = TimeSpan.FromSeconds(1),
            GracePeriod = TimeSpan.FromSeconds(20),
        };
        var watch = Stopwatch.StartNew();

        ProcessResult result = await _runner.RunAsync(spec, CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("cleaned-up", result.StandardOutput, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}: the grace period was waited out");
    }

    [Fact]
    public async Task Cancellation_stops_the_tree_and_throws()
    {
        string pids = _dir.Combine("pids");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _runner.RunAsync(Bash($"sleep 300 & echo $! > {pids}; wait") with { GracePeriod = TimeSpan.FromSeconds(1) }, cancel.Token));

        Assert.True(await GoneAsync(int.Parse(File.ReadAllText(pids).Trim(), CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_missing_program_throws_a_fix_it_message()
    {
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() =>
            _runner.RunAsync(new ProcessSpec("harnessbench-no-such-tool", []), CancellationToken.None));

        Assert.Contains("harnessbench-no-such-tool was not found on PATH", error.Message, StringComparison.Ordinal);
    }

    /// <summary>True once the pid is gone or a zombie (killed, waiting for init to reap it).</summary>
    private static async Task<bool> GoneAsync(int pid)
    {
        for (int i = 0; i < 50; i++)
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
