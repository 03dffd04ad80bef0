using HarnessBench.Docker.Archives;

namespace HarnessBench.Docker.Tests.Archives;

public sealed class ZeroLengthReadGuardTests
{
    [Fact]
    public async Task Zero_length_reads_never_reach_the_inner_stream_and_others_pass_through()
    {
        await using var guard = new ZeroLengthReadGuard(new NoZeroReads([1, 2, 3]));
        byte[] buffer = new byte[8];

        Assert.Equal(0, await guard.ReadAsync(buffer.AsMemory(0, 0)));
#pragma warning disable CA1835 // the array overload is the one the tar reader's sub-streams reach
        Assert.Equal(0, await guard.ReadAsync(buffer, 0, 0));
#pragma warning restore CA1835
        Assert.Equal(3, await guard.ReadAsync(buffer.AsMemory()));
        Assert.Equal([1, 2, 3], buffer[..3]);
        Assert.Equal(0, await guard.ReadAsync(buffer.AsMemory()));
    }

    /// <summary>Like Docker.DotNet 4.4.1's chunked reader mid-chunk: a 0-byte read is taken for a lost connection.</summary>
    private sealed class NoZeroReads(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            buffer.IsEmpty ? throw new EndOfStreamException("zero-length read") : base.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            count == 0 ? throw new EndOfStreamException("zero-length read") : base.ReadAsync(buffer, offset, count, cancellationToken);
    }
}
