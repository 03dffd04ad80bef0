namespace HarnessBench.TestSupport;

/// <summary>
/// A fresh directory under the system temp directory, deleted on dispose. The path is short on purpose:
/// tests put unix sockets in it (the gateway's), and a socket path must stay under 108 bytes.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>rwxr-xr-x: scripts.</summary>
    public const UnixFileMode Executable = (UnixFileMode)0b111_101_101;

    public TempDirectory() => Path = Directory.CreateTempSubdirectory("hb-").FullName;

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes a file (creating parents) with the given mode (0644 unless told), and returns its full path.</summary>
    public string Write(string relative, string content, UnixFileMode mode = (UnixFileMode)0b110_100_100)
    {
        string full = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        File.SetUnixFileMode(full, mode);
        return full;
    }

    public void Dispose()
    {
        try
        {
            // Tests make directories read-only (tamper checks); they must not make the cleanup fail.
            foreach (var directory in new DirectoryInfo(Path).EnumerateDirectories("*", SearchOption.AllDirectories))
            {
                if (directory.LinkTarget is null)
                {
                    directory.UnixFileMode |= UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
                }
            }

            Directory.Delete(Path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp directory does not fail a test.
        }
    }
}
