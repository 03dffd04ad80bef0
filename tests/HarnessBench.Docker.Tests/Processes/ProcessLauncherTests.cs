using System.Collections.Concurrent;
using HarnessBench.Docker.Processes;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarnessBench.Docker.Tests.Processes;

/// <summary>Running host processes to their exit: output, exit codes, streams, and the errors a user can fix.</summary>
public sealed class ProcessLauncherTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ProcessLauncher _launcher = new(NullLogger<ProcessLauncher>.Instance);

    public void Dispose() => _dir.Dispose();

    private static ProcessSpec Bash(string script) => new("bash", ["-c", script]);

    [Fact]
    public async Task Output_goes_to_memory_the_file_and_the_line_callbacks_with_exit_code_env_and_directory()
    {
        string log = _dir.Combine("out.log");
        var lines = new ConcurrentQueue<string>();
        ProcessSpec spec = Bash("echo \"out $GREETING $(pwd) ${HOME:-no-home}\"; echo err >&2; printf 'a\\nb'; exit 5") with
        {
            OutputPath = log,
            WorkingDirectory = _dir.Path,
            Environment = new Dictionary<string, string?> { ["GREETING"] = "hello", ["HOME"] = null },
            OnOutputLine = line => lines.Enqueue("out: " + line),
            OnErrorLine = line => lines.Enqueue("err: " + line),
        };

        ProcessResult result = await _launcher.RunAsync(spec, CancellationToken.None);

        Assert.Equal(5, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.Equal($"out hello {_dir.Path} no-home\na\nb", result.StandardOutput);
        Assert.Equal("err\n", result.StandardError);
        Assert.Contains("out hello", File.ReadAllText(log), StringComparison.Ordinal);
        Assert.Contains("err", File.ReadAllText(log), StringComparison.Ordinal);
        Assert.Equal([$"out: out hello {_dir.Path} no-home", "out: a", "out: b"], lines.Where(l => l.StartsWith("out", StringComparison.Ordinal)));
        Assert.Equal(["err: err"], lines.Where(l => l.StartsWith("err", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Captured_output_is_capped_but_the_file_gets_every_byte()
    {
        string log = _dir.Combine("big.log");
        ProcessSpec spec = Bash("head -c 100000 /dev/zero | tr '\\0' x") with { OutputPath = log, MaxCapturedBytes = 1000 };

        ProcessResult result = await _launcher.RunAsync(spec, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(1000, result.StandardOutput.Length);
        Assert.True(result.OutputTruncated);
        Assert.Equal(100_000, new FileInfo(log).Length);
    }

    [Fact]
    public async Task A_stdout_consumer_gets_the_raw_stream_and_may_stop_early()
    {
        var head = new byte[6];
        // seq writes ~5 MB; the consumer reads 6 bytes and returns, and seq must not block on a full pipe.
        ProcessSpec spec = new("seq", ["1", "1000000"])
        {
            StandardOutput = async (stream, cancellationToken) => await stream.ReadExactlyAsync(head, cancellationToken),
        };

        ProcessResult result = await _launcher.RunAsync(spec, CancellationToken.None).WaitAsync(Pids.HangGuard);

        Assert.Equal("1\n2\n3\n", System.Text.Encoding.ASCII.GetString(head));
        Assert.NotEqual(0, result.ExitCode); // SIGPIPE or EPIPE: nobody read the rest
    }

    [Fact]
    public async Task A_failing_stdout_consumer_kills_the_process_and_its_exception_surfaces()
    {
        string pids = _dir.Combine("pids");
        ProcessSpec spec = Bash($"echo $$ > {pids}.new; mv {pids}.new {pids}; echo first; exec sleep 300") with
        {
            StandardOutput = async (stream, cancellationToken) =>
            {
                await stream.ReadExactlyAsync(new byte[6], cancellationToken);
                throw new InvalidDataException("the engine refused the import");
            },
        };

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => _launcher.RunAsync(spec, CancellationToken.None).WaitAsync(Pids.HangGuard));

        Assert.Equal("the engine refused the import", error.Message);
        Assert.True(await Pids.GoneAsync(await Pids.ReadAsync(pids)));
    }

    [Fact]
    public async Task A_daemon_that_keeps_stdout_open_does_not_hold_up_the_result()
    {
        string pids = _dir.Combine("pids");
        // The shell exits at once; its background sleep keeps the stdout pipe open for 300 s.
        ProcessResult result = await _launcher.RunAsync(Bash($"sleep 300 & echo $! > {pids}.new; mv {pids}.new {pids}; echo done"), CancellationToken.None)
            .WaitAsync(Pids.HangGuard);
        int daemon = await Pids.ReadAsync(pids);
        System.Diagnostics.Process.GetProcessById(daemon).Kill(); // not the launcher's to kill: the run ended normally

        Assert.Equal((0, "done\n"), (result.ExitCode, result.StandardOutput));
    }

    [Fact]
    public async Task A_missing_program_throws_a_fix_it_message()
    {
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() =>
            _launcher.RunAsync(new ProcessSpec("harnessbench-no-such-tool", []), CancellationToken.None));

        Assert.Contains("harnessbench-no-such-tool was not found on PATH", error.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/setup.sh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_path_that_does_not_exist_or_is_not_executable_and_a_missing_directory_are_named()
    {
        string script = _dir.Write("tool.sh", "#!/bin/sh\necho hi\n");

        var missing = await Assert.ThrowsAsync<FileNotFoundException>(() => _launcher.RunAsync(new ProcessSpec("./nope.sh", []) { WorkingDirectory = _dir.Path }, CancellationToken.None));
        var notExecutable = await Assert.ThrowsAsync<FileNotFoundException>(() => _launcher.RunAsync(new ProcessSpec(script, []), CancellationToken.None));
        var noDirectory = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => _launcher.RunAsync(new ProcessSpec("true", []) { WorkingDirectory = _dir.Combine("gone") }, CancellationToken.None));

        Assert.Contains($"was not found at {_dir.Combine("nope.sh")}", missing.Message, StringComparison.Ordinal);
        Assert.Contains($"{script} is not executable", notExecutable.Message, StringComparison.Ordinal);
        Assert.Contains($"working directory {_dir.Combine("gone")} does not exist", noDirectory.Message, StringComparison.Ordinal);
    }
}
