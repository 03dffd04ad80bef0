namespace HarnessBench.Docker.Swarm;

/// <summary>
/// Reads an archive response of Docker.DotNet's unix transport the way that works. Its response stream
/// disposes itself at the end of the body (a later read throws "Stream does not support reading": every
/// empty directory hits it, since TarReader reads past the end marker), and it fails ("connection closed
/// in the middle of a chunk") under TarReader's mix of small header reads and data reads. Both are
/// reproduced on a plain container's /mnt and /etc. Here the end is remembered and every read of the
/// inner stream is a large one.
/// </summary>
internal sealed class ArchiveReadStream(Stream inner) : Stream
{
    private readonly byte[] _buffer = new byte[1 << 20];
    private int _offset;
    private int _count;
    private bool _ended;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_count == 0 && !_ended)
        {
            _offset = 0;
            _count = inner.CanRead ? await inner.ReadAsync(_buffer, cancellationToken) : 0;
            _ended = _count == 0;
        }

        int take = Math.Min(_count, buffer.Length);
        _buffer.AsSpan(_offset, take).CopyTo(buffer.Span);
        _offset += take;
        _count -= take;
        return take;
    }

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
