using System.Formats.Tar;

namespace HarnessBench.Docker.Archives;

/// <param name="Uid">Owner written into every entry.</param>
/// <param name="Gid">Group written into every entry.</param>
internal sealed record TarPackOptions(int Uid, int Gid)
{
    /// <summary>
    /// Archive path of the directory itself, e.g. "workspace" or "home/agent/.config". An entry is
    /// written for each component (so the engine creates them, owned by Uid:Gid); the contents go
    /// below it. Empty: the contents sit at the archive root and the directory has no entry.
    /// </summary>
    public string Prefix { get; init; } = "";

    /// <summary>
    /// Leading components of <see cref="Prefix"/> that already exist where the archive is extracted:
    /// no entries are written for them, so they keep their owner and mode.
    /// </summary>
    public int ExistingComponents { get; init; }

    /// <summary>Strip write bits from every entry (the grader's tests).</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Strip every group and other permission bit: only the owner (root, for the grader's hidden files) can read.</summary>
    public bool Private { get; init; }
}

internal sealed record TarPackResult(int Files, int Directories, int Symlinks, int Skipped, long Bytes);

/// <summary>One host directory of a batched archive and how it is packed.</summary>
internal sealed record TarPackItem(string Directory, TarPackOptions Options);

/// <summary>
/// Packs a host directory into a tar stream: modes preserved, owner forced, symlinks stored as
/// symlinks (never followed, wherever they point), sockets, FIFOs and devices skipped.
/// </summary>
internal static class TarPacker
{
    private const UnixFileMode WriteBits = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
    private const UnixFileMode GroupAndOtherBits = (UnixFileMode)0b000_111_111;
    private const UnixFileMode IntermediateDirectoryMode = (UnixFileMode)0b111_101_101; // 0755

    public static Task<TarPackResult> PackDirectoryAsync(
        string directory, Stream destination, TarPackOptions options, CancellationToken cancellationToken) =>
        PackDirectoriesAsync([new TarPackItem(directory, options)], destination, cancellationToken);

    /// <summary>
    /// Packs several directories into one archive, in order (one engine request instead of one per
    /// directory). A directory entry is written once: a later item whose prefix passes through a
    /// directory an earlier item wrote (e.g. the shared "hbench/") does not write it again.
    /// </summary>
    public static async Task<TarPackResult> PackDirectoriesAsync(IReadOnlyList<TarPackItem> items, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(destination);
        var roots = items.Select(item => new DirectoryInfo(Path.GetFullPath(item.Directory))).ToList();
        foreach (var root in roots.Where(r => FileKinds.Of(r.FullName) != FileKind.Directory))
        {
            throw new DirectoryNotFoundException($"Cannot pack {root.FullName}: it is not a directory (symlinks are not followed).");
        }

        var counter = new Counter();
        await using (var writer = new TarWriter(destination, TarEntryFormat.Pax, leaveOpen: true))
        {
            for (int item = 0; item < items.Count; item++)
            {
                var (root, options) = (roots[item], items[item].Options);
                string[] components = options.Prefix.Split('/', StringSplitOptions.RemoveEmptyEntries);
                for (int i = Math.Max(0, options.ExistingComponents); i < components.Length; i++)
                {
                    bool last = i == components.Length - 1;
                    string name = string.Join('/', components[..(i + 1)]) + "/";
                    if (!counter.WrittenDirectories.Add(name)) continue;
                    var entry = new PaxTarEntry(TarEntryType.Directory, name)
                    {
                        // Parents are traversable by everyone: a private copy (the grader's hidden files) must not hide its siblings.
                        Mode = last ? Mode(root.UnixFileMode, options) : options.ReadOnly ? IntermediateDirectoryMode & ~WriteBits : IntermediateDirectoryMode,
                        Uid = options.Uid,
                        Gid = options.Gid,
                        ModificationTime = root.LastWriteTimeUtc,
                    };
                    await writer.WriteEntryAsync(entry, cancellationToken);
                    counter.Directories++;
                }

                await WriteChildrenAsync(writer, root, string.Join('/', components), options, counter, cancellationToken);
            }
        }

        return new TarPackResult(counter.Files, counter.Directories, counter.Symlinks, counter.Skipped, counter.Bytes);
    }

    private static async Task WriteChildrenAsync(
        TarWriter writer, DirectoryInfo directory, string prefix, TarPackOptions options, Counter counter, CancellationToken ct)
    {
        // Sorted so that the same tree always gives the same archive.
        foreach (FileSystemInfo info in directory.EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            string name = prefix.Length == 0 ? info.Name : $"{prefix}/{info.Name}";
            switch (FileKinds.Of(info.FullName))
            {
                case FileKind.Symlink:
                    PaxTarEntry link = Entry(TarEntryType.SymbolicLink, name, (UnixFileMode)0b111_111_111, info, options);
                    link.LinkName = info.LinkTarget ?? "";
                    await writer.WriteEntryAsync(link, ct);
                    counter.Symlinks++;
                    break;
                case FileKind.Directory:
                    counter.WrittenDirectories.Add(name + "/");
                    await writer.WriteEntryAsync(Entry(TarEntryType.Directory, name + "/", info.UnixFileMode, info, options), ct);
                    counter.Directories++;
                    await WriteChildrenAsync(writer, new DirectoryInfo(info.FullName), name, options, counter, ct);
                    break;
                case FileKind.Regular:
                    await using (var data = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan))
                    {
                        PaxTarEntry entry = Entry(TarEntryType.RegularFile, name, info.UnixFileMode, info, options);
                        entry.DataStream = data;
                        await writer.WriteEntryAsync(entry, ct);
                        counter.Files++;
                        counter.Bytes += data.Length;
                    }

                    break;
                default:
                    counter.Skipped++; // sockets, FIFOs, devices: not content, and reading a FIFO would block
                    break;
            }
        }
    }

    private static PaxTarEntry Entry(TarEntryType type, string name, UnixFileMode mode, FileSystemInfo info, TarPackOptions options) => new(type, name)
    {
        Mode = type == TarEntryType.SymbolicLink ? mode : Mode(mode, options),
        Uid = options.Uid,
        Gid = options.Gid,
        ModificationTime = info.LastWriteTimeUtc,
    };

    private static UnixFileMode Mode(UnixFileMode mode, TarPackOptions options)
    {
        if (options.ReadOnly) mode &= ~WriteBits;
        if (options.Private) mode &= ~GroupAndOtherBits;
        return mode;
    }

    private sealed class Counter
    {
        public int Files;
        public int Directories;
        public int Symlinks;
        public int Skipped;
        public long Bytes;

        /// <summary>Directory entries already in the archive ("a/b/").</summary>
        public HashSet<string> WrittenDirectories { get; } = new(StringComparer.Ordinal);
    }
}
