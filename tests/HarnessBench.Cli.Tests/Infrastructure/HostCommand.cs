using System.Diagnostics;

namespace HarnessBench.Cli.Tests.Infrastructure;

/// <summary>A host program run to the end with its output captured (docker, python3): for probes a test makes itself.</summary>
internal static class HostCommand
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
    }

    public static Task<Result> RunAsync(TimeSpan timeout, string file, params string[] args) =>
        RunAsync(timeout, new Dictionary<string, string?>(), file, args);

    /// <param name="environment">Variables to set; a null value removes the variable.</param>
    public static async Task<Result> RunAsync(TimeSpan timeout, IReadOnlyDictionary<string, string?> environment, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment)
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        using var cts = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:F0} s");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
