using System.Buffers;
using System.Buffers.Binary;

namespace HarnessBench.Docker.Logs;

/// <summary>Byte counts of one demultiplexed copy.</summary>
/// <param name="Incomplete">The source ended in the middle of a frame (connection lost); what arrived was written.</param>
internal sealed record DemuxResult(long StdoutBytes, long StderrBytes, long StdoutDropped, long StderrDropped, bool Incomplete)
{
    public bool Truncated => StdoutDropped > 0 || StderrDropped > 0;
}

/// <summary>
/// Splits the engine's multiplexed stream (non-TTY logs, attach, exec) into stdout and stderr.
/// Each frame is an 8-byte header [stream, 0, 0, 0, size (uint32 big-endian)] then size bytes.
/// Stream 0 (stdin) goes to stdout, 1 to stdout, 2 to stderr, 3 (engine system error) to stderr.
/// </summary>
internal static class StreamDemuxer
{
    public const int HeaderSize = 8;

    public static async Task<DemuxResult> CopyAsync(
        Stream source, Stream stdout, Stream stderr, long maxBytesPerStream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytesPerStream);

        byte[] header = new byte[HeaderSize];
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        long[] written = new long[2];
        long[] dropped = new long[2];
        bool incomplete = false;
        try
        {
            while (true)
            {
                int got = await source.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, cancellationToken);
                if (got == 0)
                {
                    break;
                }

                if (got < HeaderSize)
                {
                    incomplete = true;
                    break;
                }

                int index = StreamIndex(header);
                Stream target = index == 0 ? stdout : stderr;
                long remaining = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
                while (remaining > 0)
                {
                    int read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken);
                    if (read == 0)
                    {
                        incomplete = true;
                        break;
                    }

                    remaining -= read;
                    int take = (int)Math.Clamp(maxBytesPerStream - written[index], 0, read);
                    if (take > 0)
                    {
                        await target.WriteAsync(buffer.AsMemory(0, take), cancellationToken);
                        written[index] += take;
                    }

                    dropped[index] += read - take;
                }

                if (incomplete)
                {
                    break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new DemuxResult(written[0], written[1], dropped[0], dropped[1], incomplete);
    }

    private static int StreamIndex(byte[] header)
    {
        // Bytes 1..3 are always zero in a multiplexed stream; anything else means raw (TTY) output.
        if (header[1] != 0 || header[2] != 0 || header[3] != 0 || header[0] > 3)
        {
            throw new InvalidDataException(
                $"Not a multiplexed Docker stream (frame header {Convert.ToHexString(header)}). The container was probably created with a TTY.");
        }

        return header[0] <= 1 ? 0 : 1;
    }
}
