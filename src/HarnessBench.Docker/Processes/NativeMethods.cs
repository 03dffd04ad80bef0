using System.Runtime.InteropServices;

namespace HarnessBench.Docker.Processes;

internal static partial class NativeMethods
{
    /// <summary>kill(2): a negative pid signals the whole process group.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
