using System.Buffers;
using Docker.DotNet;

namespace HarnessBench.Docker.Logs;

/// <summary>Byte counts of one copy of a container's output.</summary>
/// <param name="Incomplete">The source ended in the middle of a frame (connection lost); what arrived was written.</param>
internal sealed record OutputCopyResult(long StdoutBytes, long StderrBytes, long StdoutDropped, long StderrDropped, bool Incomplete)
{
    public bool Truncated => StdoutDropped > 0 || StderrDropped > 0;
}

/// <summary>
/// Copies the output of a container or exec (Docker.DotNet's <see cref="MultiplexedStream"/> does
/// the demultiplexing) into a stdout and a stderr stream, each capped: a runaway process must not
/// fill the host's disk or memory, yet the whole stream is read so the counts of dropped bytes are
/// exact. Stdin frames (never sent for our containers) go to stdout.
/// </summary>
internal static class OutputCopy
{
    public static async Task<OutputCopyResult> CopyAsync(
        MultiplexedStream source, Stream stdout, Stream stderr, long maxBytesPerStream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytesPerStream);

        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        long[] written = new long[2];
        long[] dropped = new long[2];
        bool incomplete = false;
        try
        {
            while (true)
            {
                MultiplexedStream.ReadResult read;
                try
                {
                    read = await source.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
                }
                catch (EndOfStreamException)
                {
                    // The stream ended inside a frame's header or payload: keep what arrived, say so.
                    incomplete = true;
                    break;
                }
                catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
                {
                    // A socket read torn down by the cancellation is the cancellation, not a broken engine.
                    throw new OperationCanceledException("Reading the container's output was cancelled.", ex, cancellationToken);
                }

                if (read.EOF)
                {
                    break;
                }

                int index = read.Target == MultiplexedStream.TargetStream.StandardError ? 1 : 0;
                int take = (int)Math.Clamp(maxBytesPerStream - written[index], 0, read.Count);
                if (take > 0)
                {
                    await (index == 0 ? stdout : stderr).WriteAsync(buffer.AsMemory(0, take), cancellationToken);
                    written[index] += take;
                }

                dropped[index] += read.Count - take;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new OutputCopyResult(written[0], written[1], dropped[0], dropped[1], incomplete);
    }
}
