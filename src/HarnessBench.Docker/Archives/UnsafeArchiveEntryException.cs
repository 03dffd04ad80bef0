namespace HarnessBench.Docker.Archives;

/// <summary>A tar entry would land outside the target directory or write through a symlink; the unpack is refused.</summary>
internal sealed class UnsafeArchiveEntryException : IOException
{
    public UnsafeArchiveEntryException() { }

    public UnsafeArchiveEntryException(string message) : base(message) { }

    public UnsafeArchiveEntryException(string message, Exception innerException) : base(message, innerException) { }

    public UnsafeArchiveEntryException(string entryName, string reason)
        : base($"Refused unsafe archive entry '{entryName}': {reason}. The archive was not produced by the Docker engine or was tampered with.")
    {
        EntryName = entryName;
    }

    public string? EntryName { get; }
}
