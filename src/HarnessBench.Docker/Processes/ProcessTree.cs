using System.Globalization;

namespace HarnessBench.Docker.Processes;

/// <summary>Finds a process's descendants through /proc, so that children that left the process group die too.</summary>
internal static class ProcessTree
{
    public static IReadOnlyList<ProcessIdentity> Descendants(int rootPid)
    {
        // Pid 0 and 1 are the kernel and init: their descendants are every process on the host.
        if (rootPid <= 1)
        {
            return [];
        }

        var children = new Dictionary<long, List<(int Pid, long Ticks)>>();
        foreach (string directory in SafeEnumerate("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Join(directory, "stat"));
            }
            catch (IOException)
            {
                continue; // exited meanwhile
            }

            if (ProcessIdentity.ParseParentPid(stat) is { } parent && ProcessIdentity.ParseStartTicks(stat) is { } ticks)
            {
                if (!children.TryGetValue(parent, out List<(int, long)>? list))
                {
                    children[parent] = list = [];
                }

                list.Add((pid, ticks));
            }
        }

        var result = new List<ProcessIdentity>();
        var queue = new Queue<long>([rootPid]);
        while (queue.Count > 0)
        {
            foreach ((int pid, long ticks) in children.GetValueOrDefault(queue.Dequeue()) ?? [])
            {
                result.Add(new ProcessIdentity(Environment.MachineName, pid, ticks));
                queue.Enqueue(pid);
            }
        }

        return result;
    }

    /// <summary>
    /// True once <paramref name="pid"/> leads its own process group. A process started through setsid does
    /// only after setsid ran: until then a signal to its group would reach nobody.
    /// </summary>
    public static bool LeadsGroup(int pid)
    {
        try
        {
            return ProcessIdentity.ParseProcessGroup(File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat")) == pid;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Signals the process group and every listed process that is still the same process.</summary>
    public static void Signal(int processGroup, IEnumerable<ProcessIdentity> processes, ProcessSignal signal)
    {
        if (processGroup > 0)
        {
            _ = NativeMethods.Kill(-processGroup, (int)signal); // ESRCH when the group is gone: fine
        }

        foreach (ProcessIdentity process in processes)
        {
            if (process.IsAliveOnThisHost())
            {
                _ = NativeMethods.Kill(process.Pid, (int)signal);
            }
        }
    }

    private static string[] SafeEnumerate(string path)
    {
        try
        {
            return Directory.GetDirectories(path);
        }
        catch (IOException)
        {
            return [];
        }
    }
}
