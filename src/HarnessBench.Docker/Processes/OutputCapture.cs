using System.Text;
using CliWrap;

namespace HarnessBench.Docker.Processes;

/// <summary>
/// Where a process's output goes, as CliWrap pipe targets: every byte to the log file (stdout and
/// stderr interleaved as they arrive), the first N bytes of each stream to memory, and each line to
/// the caller's callbacks.
/// </summary>
internal sealed class OutputCapture(string? path, int maxBytes) : IAsyncDisposable
{
    private readonly FileStream? _file = path is null ? null : new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
    private readonly MemoryStream[] _captured = [new(), new()];
    private readonly SemaphoreSlim _lock = new(1, 1);
    // Lines of stdout and stderr come from two pumps; callers' callbacks (progress writers) get one at a time.
    private readonly Lock _lineGate = new();
    private bool _disposed;

    public bool Truncated { get; private set; }

    public PipeTarget Target(bool isError, Action<string>? onLine)
    {
        var raw = PipeTarget.Create((source, cancellationToken) => CopyAsync(source, isError, cancellationToken));
        if (onLine is null)
        {
            return raw;
        }

        return PipeTarget.Merge(raw, PipeTarget.ToDelegate(line =>
        {
            lock (_lineGate)
            {
                onLine(line);
            }
        }, Encoding.UTF8));
    }

    public string Text(bool isError)
    {
        _lock.Wait();
        try
        {
            return Encoding.UTF8.GetString(_captured[isError ? 1 : 0].ToArray());
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task CopyAsync(Stream source, bool isError, CancellationToken cancellationToken)
    {
        // Raw bytes, not lines: the log keeps what the process wrote (progress bars, a last line without a newline).
        byte[] buffer = new byte[16 * 1024];
        MemoryStream captured = _captured[isError ? 1 : 0];
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await _lock.WaitAsync(CancellationToken.None);
                try
                {
                    if (_disposed)
                    {
                        return; // abandoned: a grandchild kept the pipe open after the run ended
                    }

                    if (_file is not null)
                    {
                        await _file.WriteAsync(buffer.AsMemory(0, read), CancellationToken.None);
                        // Readers (a failed server's log tail) see the output while the process runs.
                        await _file.FlushAsync(CancellationToken.None);
                    }

                    int take = (int)Math.Clamp(maxBytes - captured.Length, 0, read);
                    captured.Write(buffer, 0, take);
                    Truncated |= take < read;
                }
                finally
                {
                    _lock.Release();
                }
            }
        }
        catch (IOException)
        {
            // The pipe broke: the process is gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The lock and buffers stay alive for a pump that may still be running; only the file closes.
        await _lock.WaitAsync();
        try
        {
            _disposed = true;
            if (_file is not null)
            {
                await _file.DisposeAsync();
            }
        }
        finally
        {
            _lock.Release();
        }
    }
}
