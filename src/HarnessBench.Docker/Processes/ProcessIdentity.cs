using System.Globalization;

namespace HarnessBench.Docker.Processes;

/// <summary>
/// A process identity that survives pid reuse: host name, pid and the process start time in clock
/// ticks since boot (field 22 of /proc/&lt;pid&gt;/stat). Written as "host:pid:ticks".
/// </summary>
internal sealed record ProcessIdentity(string HostName, int Pid, long StartTicks)
{
    private static readonly Lazy<ProcessIdentity> LazyCurrent = new(() =>
        new ProcessIdentity(Environment.MachineName, Environment.ProcessId, ReadStartTicks(Environment.ProcessId) ?? 0));

    public static ProcessIdentity Current => LazyCurrent.Value;

    public override string ToString() => $"{HostName}:{Pid}:{StartTicks}";

    public static ProcessIdentity? TryParse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        int last = value.LastIndexOf(':');
        int middle = last > 0 ? value.LastIndexOf(':', last - 1) : -1;
        if (middle <= 0
            || !int.TryParse(value.AsSpan(middle + 1, last - middle - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
            || !long.TryParse(value.AsSpan(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long ticks))
        {
            return null;
        }

        return new ProcessIdentity(value[..middle], pid, ticks);
    }

    /// <summary>True when this identity is a process running now on this host (same pid and same start time).</summary>
    public bool IsAliveOnThisHost() =>
        string.Equals(HostName, Environment.MachineName, StringComparison.Ordinal) && ReadStartTicks(Pid) == StartTicks;

    /// <summary>Start time of <paramref name="pid"/> in clock ticks since boot; null when there is no such process.</summary>
    public static long? ReadStartTicks(int pid)
    {
        try
        {
            return ParseStartTicks(File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat"));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Parses field 22 (starttime) of a /proc/&lt;pid&gt;/stat line.</summary>
    internal static long? ParseStartTicks(string stat) => StatField(stat, 22);

    /// <summary>Parses field 4 (ppid) of a /proc/&lt;pid&gt;/stat line.</summary>
    internal static long? ParseParentPid(string stat) => StatField(stat, 4);

    /// <summary>Parses field 5 (pgrp) of a /proc/&lt;pid&gt;/stat line.</summary>
    internal static long? ParseProcessGroup(string stat) => StatField(stat, 5);

    private static long? StatField(string stat, int field)
    {
        // Field 2 (comm) is in parentheses and may itself contain spaces and ')'.
        int close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        string[] rest = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int index = field - 3; // rest[0] is field 3 (state)
        return index >= 0 && index < rest.Length && long.TryParse(rest[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out long value)
            ? value
            : null;
    }
}
