using System.Globalization;

namespace HarnessBench.Docker.Processes;

/// <summary>
/// &lt;run&gt;/servers/&lt;model&gt;.pid: who runs a model server (the server's identity, then its owner's,
/// "host:pid:start-ticks" each). A `serve:` server lives in its own session, so a kill -9 of hbench
/// leaves it running, holding its port and GPU memory; the next hbench on the same run reads these
/// files and stops every server whose owner is dead. Start ticks make pid reuse harmless.
/// </summary>
internal static class ServerPidFile
{
    public static string PathFor(string runDirectory, string model) => Path.Join(runDirectory, "servers", model + ".pid");

    public static void Write(string runDirectory, string model, int serverPid)
    {
        var server = new ProcessIdentity(Environment.MachineName, serverPid, ProcessIdentity.ReadStartTicks(serverPid) ?? 0);
        File.WriteAllText(PathFor(runDirectory, model), $"{server}\n{ProcessIdentity.Current}\n");
    }

    public static void Delete(string runDirectory, string model) => File.Delete(PathFor(runDirectory, model));

    /// <summary>
    /// Kills (SIGKILL, whole process group) the servers of <paramref name="runDirectory"/> whose owner is
    /// no longer running, and removes stale pid files. Returns "model (pid N)" for each server killed.
    /// </summary>
    public static IReadOnlyList<string> ReapOrphans(string runDirectory)
    {
        var reaped = new List<string>();
        var directory = Path.Join(runDirectory, "servers");
        if (!Directory.Exists(directory)) return reaped;
        foreach (var file in Directory.GetFiles(directory, "*.pid"))
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(file);
            }
            catch (IOException)
            {
                continue;
            }
            var server = ProcessIdentity.TryParse(lines.ElementAtOrDefault(0));
            var owner = ProcessIdentity.TryParse(lines.ElementAtOrDefault(1));
            if (owner is not null && owner.IsAliveOnThisHost()) continue; // another hbench is using it
            if (server is not null && server.IsAliveOnThisHost())
            {
                // The server was started through setsid: its pid is its process group.
                NativeMethods.Kill(-server.Pid, (int)ProcessSignal.Kill);
                NativeMethods.Kill(server.Pid, (int)ProcessSignal.Kill);
                reaped.Add($"{Path.GetFileNameWithoutExtension(file)} (pid {server.Pid.ToString(CultureInfo.InvariantCulture)})");
            }
            File.Delete(file);
        }
        return reaped;
    }
}
