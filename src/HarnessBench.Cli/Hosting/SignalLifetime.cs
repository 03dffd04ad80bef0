using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace HarnessBench.Cli.Hosting;

/// <summary>
/// Ctrl-C / SIGTERM handling for long commands: the first signal stops gracefully (running
/// containers are killed and removed, their cells stored as interrupted); a second one forces
/// the process down at once (the orphan reaper cleans up at the next start).
/// </summary>
internal sealed class SignalLifetime(IHostApplicationLifetime lifetime) : IHostLifetime, IDisposable
{
    private readonly List<PosixSignalRegistration> registrations = [];
    private int signals;

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
        registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref signals) == 1)
        {
            context.Cancel = true;
            Console.Error.WriteLine("\nstopping: killing running containers and recording their cells as interrupted (press Ctrl-C again to force)");
            lifetime.StopApplication();
            return;
        }

        Console.Error.WriteLine("\nforced stop: leftover containers are removed at the next start");
        context.Cancel = true;
        Environment.Exit(ExitCodes.Interrupted);
    }
}
