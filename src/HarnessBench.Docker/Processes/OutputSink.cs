using System.Text;

namespace HarnessBench.Docker.Processes;

/// <summary>Collects output: everything to the file (if any), the first N bytes of each stream to memory.</summary>
internal sealed class OutputSink(string? path, int maxBytes) : IAsyncDisposable
{
    private readonly FileStream? _file = path is null ? null : new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
    private readonly MemoryStream[] _captured = [new(), new()];
    private readonly SemaphoreSlim _lock = new(1, 1);
    private bool _disposed;

    public bool Truncated { get; private set; }

    public async Task PumpAsync(Stream source, bool isError)
    {
        byte[] buffer = new byte[16 * 1024];
        MemoryStream captured = _captured[isError ? 1 : 0];
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                await _lock.WaitAsync();
                try
                {
                    if (_disposed)
                    {
                        return; // abandoned: a grandchild kept the pipe open after the run ended
                    }

                    if (_file is not null)
                    {
                        await _file.WriteAsync(buffer.AsMemory(0, read));
                        await _file.FlushAsync();
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
