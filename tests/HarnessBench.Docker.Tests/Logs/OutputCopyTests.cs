using System.Buffers.Binary;
using System.Text;
using Docker.DotNet;
using HarnessBench.Docker.Logs;

namespace HarnessBench.Docker.Tests.Logs;

/// <summary>The capped copy of a container's multiplexed output (Docker.DotNet splits the frames; the caps and counts are ours).</summary>
public sealed class OutputCopyTests
{
    private static byte[] Frame(byte stream, string text)
    {
        byte[] payload = Encoding.UTF8.GetBytes(text);
        byte[] frame = new byte[8 + payload.Length];
        frame[0] = stream;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }

    private static async Task<(string Out, string Err, OutputCopyResult Result)> Copy(byte[] input, long cap = long.MaxValue, int chunk = int.MaxValue)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        using var source = new MultiplexedStream(new TrickleStream(input, chunk), multiplexed: true);
        OutputCopyResult result = await OutputCopy.CopyAsync(source, stdout, stderr, cap, CancellationToken.None);
        return (Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()), result);
    }

    [Fact]
    public async Task Frames_go_to_their_streams_in_order()
    {
        byte[] input = [.. Frame(1, "out1\n"), .. Frame(2, "err1\n"), .. Frame(1, "out2\n"), .. Frame(2, "err2\n"), .. Frame(0, "in\n")];

        var (stdout, stderr, result) = await Copy(input);

        Assert.Equal("out1\nout2\nin\n", stdout);
        Assert.Equal("err1\nerr2\n", stderr);
        Assert.Equal(new OutputCopyResult(13, 10, 0, 0, Incomplete: false), result);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(9)]
    public async Task Headers_and_payloads_split_across_reads_are_reassembled(int chunk)
    {
        string big = new('x', 100_000);
        byte[] input = [.. Frame(1, "hello "), .. Frame(2, "oops"), .. Frame(1, big)];

        var (stdout, stderr, result) = await Copy(input, chunk: chunk);

        Assert.Equal("hello " + big, stdout);
        Assert.Equal("oops", stderr);
        Assert.False(result.Incomplete);
    }

    [Fact]
    public async Task Empty_frames_and_empty_input_are_fine()
    {
        Assert.Equal(("", "", new OutputCopyResult(0, 0, 0, 0, false)), await Copy([]));
        Assert.Equal("a", (await Copy([.. Frame(1, ""), .. Frame(1, "a"), .. Frame(2, "")])).Out);
    }

    [Fact]
    public async Task Each_stream_is_capped_separately_and_the_rest_is_counted()
    {
        byte[] input = [.. Frame(1, "0123456789"), .. Frame(2, "abc"), .. Frame(1, "more")];

        var (stdout, stderr, result) = await Copy(input, cap: 4);

        Assert.Equal("0123", stdout);
        Assert.Equal("abc", stderr);
        Assert.Equal(10, result.StdoutDropped);
        Assert.Equal(0, result.StderrDropped);
        Assert.True(result.Truncated);
    }

    [Fact]
    public async Task Input_ending_mid_frame_keeps_what_arrived_and_says_so()
    {
        byte[] frame = Frame(1, "complete");
        byte[] cut = Frame(2, "partial-payload")[..12];

        var (stdout, stderr, result) = await Copy([.. frame, .. cut]);

        Assert.Equal("complete", stdout);
        Assert.Equal("part", stderr);
        Assert.True(result.Incomplete);
        Assert.True((await Copy([.. frame, 1, 0, 0])).Result.Incomplete);
    }

    [Fact]
    public async Task Output_that_is_not_multiplexed_is_rejected()
    {
        // A TTY container's raw output read as frames: the first "header" names no stream.
        await Assert.ThrowsAsync<IOException>(() => Copy(Encoding.UTF8.GetBytes("plain text output\n")));
    }

    /// <summary>Returns at most <c>chunk</c> bytes per read, like a slow socket.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, chunk), cancellationToken);
    }
}
