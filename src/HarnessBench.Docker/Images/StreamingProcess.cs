using System.Diagnostics;

namespace HarnessBench.Docker.Images;

/// <summary>
/// Runs a short host command whose stdout is consumed as a stream (tar into the engine's import),
/// which <see cref="Processes.ProcessRunner"/> does not offer: it captures output instead.
/// </summary>
internal static class StreamingProcess
{
    /// <param name="stdout">Receives the raw stdout stream; null discards stdout.</param>
    /// <param name="onErrorLine">Receives stderr lines.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string fileName, IReadOnlyList<string> arguments,
        Func<Stream, CancellationToken, Task>? stdout, Action<string> onErrorLine, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new ImageBuildException($"Could not start {fileName}.");
        process.StandardInput.Close();
        await using var registration = cancellationToken.Register(() => Kill(process));
        var stderr = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync(CancellationToken.None) is { } line)
            {
                onErrorLine(line);
            }
        }, CancellationToken.None);
        try
        {
            if (stdout is null)
            {
                await process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
            }
            else
            {
                await stdout(process.StandardOutput.BaseStream, cancellationToken);
                // A consumer that stopped early must not leave the process blocked on a full pipe.
                process.StandardOutput.Close();
            }
        }
        catch
        {
            Kill(process);
            throw;
        }
        finally
        {
            await stderr;
            await process.WaitForExitAsync(CancellationToken.None);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return process.ExitCode;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
