using System.Globalization;
using System.Text;
using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Logs;
using Microsoft.Extensions.Logging;

namespace HarnessBench.Docker.Runtime;

/// <summary>
/// Writes an exited container's stdout and stderr to the spec's files for both backends, each capped
/// (a runaway process must not fill the host's disk) with a note where it was cut.
/// </summary>
internal static class ContainerLogFiles
{
    public static async Task WriteAsync(DockerClient client, string id, ContainerSpec spec, long maxBytes, ILogger logger, string cellId, CancellationToken ct)
    {
        string stdoutPath = Path.GetFullPath(spec.StdoutPath);
        string stderrPath = Path.GetFullPath(spec.StderrPath);
        await using FileStream stdout = Create(stdoutPath);
        bool shared = stdoutPath == stderrPath;
        await using FileStream stderr = shared ? stdout : Create(stderrPath);
        OutputCopyResult result = await client.GetLogsAsync(id, stdout, stderr, maxBytes, ct);
        await NoteTruncationAsync(stdout, "stdout", result.StdoutDropped, maxBytes, logger, cellId, id, ct);
        await NoteTruncationAsync(stderr, "stderr", result.StderrDropped, maxBytes, logger, cellId, id, ct);
    }

    private static async Task NoteTruncationAsync(FileStream file, string streamName, long dropped, long maxBytes, ILogger logger, string cellId, string id, CancellationToken ct)
    {
        if (dropped == 0)
        {
            return;
        }

        Log.ContainerLogTruncated(logger, cellId, id, streamName, dropped);
        string note = string.Create(CultureInfo.InvariantCulture, $"\n[harnessbench: {streamName} truncated at {maxBytes} bytes; {dropped} more bytes dropped]\n");
        await file.WriteAsync(Encoding.UTF8.GetBytes(note), ct);
    }

    private static FileStream Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
    }
}
