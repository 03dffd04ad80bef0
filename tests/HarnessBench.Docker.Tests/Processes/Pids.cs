using System.Diagnostics;
using System.Globalization;
using HarnessBench.Docker.Tests.Infrastructure;

namespace HarnessBench.Docker.Tests.Processes;

/// <summary>Observing host processes through /proc: states to poll for, never times to sleep.</summary>
internal static class Pids
{
    /// <summary>A cap against a hang, never a measurement: the processes here would otherwise sleep 300 s.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    /// <summary>Waits for a script to write its pid (written to path.new, then renamed, so it is never read half-written).</summary>
    public static async Task<int> ReadAsync(string path)
    {
        await Poll.UntilAsync(() => File.Exists(path), $"a pid in {path}");
        return int.Parse((await File.ReadAllTextAsync(path)).Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>True once the pid is gone or a zombie (killed, waiting for its parent to reap it); false at the hang guard.</summary>
    public static async Task<bool> GoneAsync(int pid)
    {
        var guard = Stopwatch.StartNew();
        while (guard.Elapsed < HangGuard)
        {
            if (!Running(pid))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    public static bool Running(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The running processes whose argv is exactly <paramref name="argv"/>.</summary>
    public static IReadOnlyList<int> WithArguments(params string[] argv)
    {
        string wanted = string.Join('\0', argv) + "\0";
        var found = new List<int>();
        foreach (string directory in Directory.GetDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && Running(pid))
            {
                try
                {
                    if (File.ReadAllText(Path.Join(directory, "cmdline")) == wanted)
                    {
                        found.Add(pid);
                    }
                }
                catch (IOException)
                {
                    // Exited meanwhile.
                }
            }
        }

        return found;
    }

    /// <summary>Moves the clock on by <paramref name="step"/> until the run ends (the grace period, by the launcher's clock).</summary>
    public static async Task<T> RunOutAsync<T>(Task<T> run, ManualClock clock, TimeSpan step)
    {
        var guard = Stopwatch.StartNew();
        while (!run.IsCompleted && guard.Elapsed < HangGuard)
        {
            clock.Advance(step);
            await Task.WhenAny(run, Task.Delay(50));
        }

        return await run.WaitAsync(TimeSpan.FromSeconds(1));
    }
}
