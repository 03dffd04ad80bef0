using System.Formats.Tar;

namespace HarnessBench.Docker.Archives;

internal sealed record TarUnpackOptions
{
    /// <summary>Leading path components dropped from every entry (1 for the engine's GET archive).</summary>
    public int StripComponents { get; init; }

    /// <summary>Stop at the entry that takes the file contents past this many bytes (hard links count again).</summary>
    public long MaxTotalBytes { get; init; } = long.MaxValue;

    /// <summary>Stop at the entry past this many entries (files, directories, links).</summary>
    public long MaxEntries { get; init; } = long.MaxValue;
}

/// <summary>An archive went past a <see cref="TarUnpackOptions"/> limit; nothing from that entry on was written.</summary>
internal sealed class ArchiveLimitException(string message) : IOException(message);

internal sealed record TarUnpackResult(int Files, int Directories, int Symlinks, int HardLinks, int Skipped, long Bytes);

/// <summary>
/// Extracts an untrusted tar stream into a host directory. Rules: no absolute paths or "..";
/// never write through a symlink (an entry whose parent resolves through a symlink is refused; an
/// existing symlink at a file's path is replaced, not followed); symlinks are created as-is and
/// never followed later; hard links are copied from files already inside the tree; devices and
/// FIFOs are skipped; modes are kept without setuid/setgid (files land owned by the host user).
/// </summary>
internal static class TarUnpacker
{
    private const UnixFileMode Forbidden = UnixFileMode.SetUser | UnixFileMode.SetGroup;

    public static async Task<TarUnpackResult> UnpackAsync(
        Stream source, string targetDirectory, TarUnpackOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(targetDirectory);
        options ??= new TarUnpackOptions();
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Unpacking keeps Unix modes and symlinks; it runs on Linux only.");
        }

        string root = Path.GetFullPath(targetDirectory);
        Directory.CreateDirectory(root);
        if (FileKinds.Of(root) != FileKind.Directory)
        {
            throw new IOException($"Cannot unpack into {root}: it is not a directory (or is a symlink).");
        }

        var state = new State(root, options);
        await using (var reader = new TarReader(source, leaveOpen: true))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                string? relative = ArchivePaths.SafeRelativePath(entry.Name, options.StripComponents);
                if (relative is null)
                {
                    continue;
                }

                if (++state.Entries > options.MaxEntries)
                {
                    throw new ArchiveLimitException($"more than {options.MaxEntries} entries (stopped at '{relative}')");
                }

                await ExtractAsync(entry, relative, state, cancellationToken);
            }
        }

        // Directory modes last (deepest first): a read-only directory would block its own children.
        foreach ((string path, UnixFileMode mode, DateTimeOffset modified) in state.DirectoryModes.OrderByDescending(d => d.Path.Length))
        {
            File.SetUnixFileMode(path, mode & ~Forbidden);
            Directory.SetLastWriteTimeUtc(path, modified.UtcDateTime);
        }

        return new TarUnpackResult(state.Files, state.DirectoryModes.Count, state.Symlinks, state.HardLinks, state.Skipped, state.Bytes);
    }

    private static async Task ExtractAsync(TarEntry entry, string relative, State state, CancellationToken ct)
    {
        string path = PrepareParent(state.Root, relative, entry.Name);
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                switch (FileKinds.Of(path))
                {
                    case FileKind.Missing:
                        Directory.CreateDirectory(path);
                        break;
                    case FileKind.Directory:
                        break;
                    default:
                        throw new UnsafeArchiveEntryException(entry.Name, "a directory entry collides with an existing non-directory (possibly a symlink)");
                }

                state.DirectoryModes.Add((path, entry.Mode, entry.ModificationTime));
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                state.AddBytes(entry.Length, entry.Name);
                RemoveNonDirectory(path, entry.Name);
                await WriteFileAsync(path, entry, ct);
                state.Files++;
                break;
            case TarEntryType.SymbolicLink:
                RemoveNonDirectory(path, entry.Name);
                File.CreateSymbolicLink(path, entry.LinkName);
                state.Symlinks++;
                break;
            case TarEntryType.HardLink:
                string? linkRelative = ArchivePaths.SafeRelativePath(entry.LinkName, state.Options.StripComponents)
                    ?? throw new UnsafeArchiveEntryException(entry.Name, "hard link to the archive root");
                string linkSource = PrepareParent(state.Root, linkRelative, entry.Name, create: false);
                if (FileKinds.Of(linkSource) != FileKind.Regular)
                {
                    throw new UnsafeArchiveEntryException(entry.Name, $"hard link target '{entry.LinkName}' is not a regular file extracted earlier");
                }

                state.AddBytes(new FileInfo(linkSource).Length, entry.Name);
                RemoveNonDirectory(path, entry.Name);
                // A copy, not a link: the two names must not alias each other on the host.
                File.Copy(linkSource, path);
                state.HardLinks++;
                break;
            default:
                state.Skipped++; // devices, FIFOs, metadata-only entries
                break;
        }
    }

    private static async Task WriteFileAsync(string path, TarEntry entry, CancellationToken ct)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Unpacking keeps Unix modes and symlinks; it runs on Linux only.");
        }

        var options = new FileStreamOptions
        {
            // CreateNew (O_EXCL) never follows a symlink that might have appeared at this path.
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Options = FileOptions.Asynchronous,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        await using var file = new FileStream(path, options);
        if (entry.DataStream is { } data)
        {
            await data.CopyToAsync(file, ct);
        }

        File.SetUnixFileMode(file.SafeFileHandle, entry.Mode & ~Forbidden);
        File.SetLastWriteTimeUtc(file.SafeFileHandle, entry.ModificationTime.UtcDateTime);
    }

    /// <summary>
    /// Returns the absolute path for <paramref name="relative"/> after checking (and creating) each
    /// parent directory; a parent that is a symlink or not a directory refuses the entry.
    /// </summary>
    private static string PrepareParent(string root, string relative, string entryName, bool create = true)
    {
        string[] components = relative.Split('/');
        string current = root;
        for (int i = 0; i < components.Length - 1; i++)
        {
            current = Path.Join(current, components[i]);
            switch (FileKinds.Of(current))
            {
                case FileKind.Directory:
                    break;
                case FileKind.Missing when create:
                    Directory.CreateDirectory(current);
                    break;
                case FileKind.Symlink:
                    throw new UnsafeArchiveEntryException(entryName, $"its parent '{components[i]}' is a symlink; writing through it could escape the target directory");
                default:
                    throw new UnsafeArchiveEntryException(entryName, $"its parent '{components[i]}' is not a directory");
            }
        }

        return Path.Join(current, components[^1]);
    }

    private static void RemoveNonDirectory(string path, string entryName)
    {
        switch (FileKinds.Of(path))
        {
            case FileKind.Missing:
                return;
            case FileKind.Directory:
                throw new UnsafeArchiveEntryException(entryName, "a non-directory entry collides with an existing directory");
            default:
                File.Delete(path); // unlinks a symlink itself, never its target
                return;
        }
    }

    private sealed class State(string root, TarUnpackOptions options)
    {
        public string Root { get; } = root;

        public TarUnpackOptions Options { get; } = options;

        public List<(string Path, UnixFileMode Mode, DateTimeOffset Modified)> DirectoryModes { get; } = [];

        public int Files { get; set; }

        public int Symlinks { get; set; }

        public int HardLinks { get; set; }

        public int Skipped { get; set; }

        public long Entries { get; set; }

        public long Bytes { get; private set; }

        public void AddBytes(long count, string entryName)
        {
            Bytes += count;
            if (Bytes > Options.MaxTotalBytes)
            {
                throw new ArchiveLimitException($"more than {Options.MaxTotalBytes} bytes (stopped at '{entryName}')");
            }
        }
    }
}
