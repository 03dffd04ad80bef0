using System.Diagnostics;
using System.Text;

namespace HarnessBench.Cli.Tests.Infrastructure;

/// <summary>
/// `dotnet hbench.dll ...` as a real child process: output captured line by line while it runs,
/// signals sent by pid, and killed on dispose if a test failed before it ended.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    // A child inherits ignored signals: started from a non-interactive shell's background job,
    // SIGINT is SIG_IGN for the whole tree and a Ctrl-C test would test nothing. GNU env resets it.
    private static readonly Lazy<bool> EnvCanResetSigint = new(() => Succeeds("env", "--default-signal=INT", "true"));

    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly Lock _gate = new();
    private readonly string _commandLine;

    private CliProcess(Process process, string commandLine)
    {
        _process = process;
        _commandLine = commandLine;
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Stdout
    {
        get
        {
            lock (_gate) return string.Join('\n', _stdout);
        }
    }

    public string Stderr
    {
        get
        {
            lock (_gate) return string.Join('\n', _stderr);
        }
    }

    /// <param name="environment">Extra variables; a null value removes the variable.</param>
    public static CliProcess Start(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo
        {
            FileName = EnvCanResetSigint.Value ? "env" : "dotnet",
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (EnvCanResetSigint.Value)
        {
            start.ArgumentList.Add("--default-signal=INT");
            start.ArgumentList.Add("dotnet"); // env execs it: the pid we signal is hbench's own
        }

        start.ArgumentList.Add(RepoPaths.CliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HBENCH_HOME"] = RepoPaths.Root;
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = start };
        var cli = new CliProcess(process, $"(cd {workingDirectory} && hbench {string.Join(' ', start.ArgumentList.SkipWhile(a => a != RepoPaths.CliDll).Skip(1))})");
        process.OutputDataReceived += (_, e) => cli.Add(cli._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => cli.Add(cli._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return cli;
    }

    /// <summary>Runs to the end; fails the test if it takes longer than <paramref name="timeout"/>.</summary>
    public static async Task<CliProcess> RunAsync(string workingDirectory, IEnumerable<string> args, TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var cli = Start(workingDirectory, args, environment);
        try
        {
            await cli.WaitForExitAsync(timeout);
            return cli;
        }
        catch
        {
            cli.Dispose();
            throw;
        }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>Waits for the exit (and the end of its output); returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"hbench did not exit within {timeout.TotalSeconds:F0}s.\n{Describe()}");
        }

        return _process.ExitCode;
    }

    /// <summary>Waits until a stdout line contains <paramref name="text"/>.</summary>
    public Task WaitForStdoutAsync(string text, TimeSpan timeout) =>
        Poll.UntilAsync(() => Task.FromResult(Stdout.Contains(text, StringComparison.Ordinal) ? (object?)true : null), timeout,
            () => $"stdout line containing '{text}'\n{Describe()}", this);

    /// <summary>Sends a signal by name (INT, TERM...) the way a terminal or a supervisor would.</summary>
    public void Signal(string name)
    {
        if (!Succeeds("kill", $"-{name}", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            throw new InvalidOperationException($"kill -{name} {Pid} failed");
        }
    }

    /// <summary>kill -9: no handler, no cleanup, no flush.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: false);

    /// <summary>True when SIGINT is ignored by the running process (then a Ctrl-C test is meaningless).</summary>
    public bool IgnoresSigint()
    {
        var status = File.ReadAllLines($"/proc/{Pid}/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return status is not null && (Convert.ToUInt64(status["SigIgn:".Length..].Trim(), 16) & 0x2) != 0;
    }

    /// <summary>Command, exit code and output: for assertion messages.</summary>
    public string Describe()
    {
        var exit = _process.HasExited ? _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "still running";
        return new StringBuilder()
            .AppendLine($"$ {_commandLine}   [pid {Pid}, exit {exit}]")
            .AppendLine("--- stdout ---").AppendLine(Stdout)
            .AppendLine("--- stderr ---").AppendLine(Stderr)
            .ToString();
    }

    /// <summary>Ends the process (and anything it started) if it is still running.</summary>
    public void Stop()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }

    private void Add(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate) lines.Add(line);
    }

    private static bool Succeeds(string file, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            process.WaitForExit(10_000);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
