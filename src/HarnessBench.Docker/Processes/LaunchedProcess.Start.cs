using System.Diagnostics;
using CliWrap;
using Microsoft.Extensions.Logging;

namespace HarnessBench.Docker.Processes;

/// <summary>The start: the CliWrap command, its pipes, and how the exit code is kept.</summary>
internal sealed partial class LaunchedProcess
{
    internal LaunchedProcess(ProcessSpec spec, string target, IReadOnlyList<string> arguments, string directory, bool ownGroup, ILogger logger, TimeProvider time)
    {
        _name = spec.FileName;
        _logger = logger;
        _time = time;
        _ownGroup = ownGroup;
        _output = new OutputCapture(spec.OutputPath, spec.MaxCapturedBytes);
        PipeTarget stdout = spec.StandardOutput is { } consume ? Consumer(consume) : _output.Target(isError: false, spec.OnOutputLine);
        var command = Cli.Wrap(target)
            .WithArguments(arguments)
            .WithWorkingDirectory(directory)
            .WithEnvironmentVariables(spec.Environment)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(Gated(stdout))
            .WithStandardErrorPipe(Gated(_output.Target(isError: true, spec.OnErrorLine)));
        try
        {
            _execution = ObserveAsync(command.ExecuteAsync(null, OnStarted, _forceful.Token, _graceful.Token));
        }
        catch
        {
            _ = _output.DisposeAsync().AsTask();
            DisposeTokens();
            throw;
        }
    }

    // Runs inside CliWrap's start, before the pipes: the pid, and the exit code while the Process object is alive.
    private void OnStarted(Process process)
    {
        Pid = process.Id;
        _ = RecordExitAsync(process);
    }

    private async Task RecordExitAsync(Process process)
    {
        await process.WaitForExitAsync(CancellationToken.None);
        _exit.TrySetResult(process.ExitCode);
    }

    private PipeTarget Consumer(Func<Stream, CancellationToken, Task> consume) => PipeTarget.Create(async (source, cancellationToken) =>
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        await consume(source, linked.Token);
    });

    private PipeTarget Gated(PipeTarget inner) => PipeTarget.Create(async (source, cancellationToken) =>
    {
        try
        {
            await inner.CopyFromAsync(source, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Kill(); // a failed consumer: nobody reads the rest of the output
            throw;
        }
        finally
        {
            // Our end closes first, so a writer blocked on a full pipe (a consumer that stopped early) gets EPIPE.
            await source.DisposeAsync();
            // CliWrap disposes the Process once the pipes end, and after a cancellation it throws instead of
            // returning the exit code, so the pipes end only once the exit code (a trap's exit 3, a server's
            // 143) has been read from the live Process object.
            await _exit.Task;
        }
    });

    private static async Task ObserveAsync(CommandTask<CommandResult> task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // Our own tokens: a stop, or abandoned pipes. The exit code was recorded before.
        }
    }
}
