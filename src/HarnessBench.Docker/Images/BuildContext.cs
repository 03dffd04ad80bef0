using System.Formats.Tar;

namespace HarnessBench.Docker.Images;

/// <summary>One file of a build context. Modes are normalized the way git stores them (0644 or 0755).</summary>
/// <param name="Path">Relative path with '/' separators.</param>
internal sealed record BuildContextFile(string Path, UnixFileMode Mode, ReadOnlyMemory<byte> Content);

/// <summary>
/// The exact files sent to the engine as a Docker build context, held in memory (contexts are
/// small: Dockerfiles, config templates, CA certificates). The content hash is computed over
/// these same entries, so what is hashed is what is built.
/// </summary>
internal sealed class BuildContext
{
    public const UnixFileMode RegularMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public const UnixFileMode ExecutableMode = RegularMode |
        UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private const UnixFileMode DirectoryMode = ExecutableMode | UnixFileMode.UserWrite;

    // A fixed timestamp keeps the tar stream byte-identical across checkouts.
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly SortedDictionary<string, BuildContextFile> _files = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _directories = new(StringComparer.Ordinal);

    public IReadOnlyCollection<BuildContextFile> Files => _files.Values;

    /// <summary>Every regular file under <paramref name="directory"/>, recursively (symlinked files are read through).</summary>
    public static BuildContext FromDirectory(string directory)
    {
        var context = new BuildContext();
        context.AddDirectoryTree(directory, prefix: "");
        return context;
    }

    /// <summary>Adds every file under <paramref name="directory"/> below <paramref name="prefix"/>.</summary>
    public void AddDirectoryTree(string directory, string prefix, string searchPattern = "*")
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, MatchType = MatchType.Simple };
        foreach (var path in Directory.EnumerateFiles(directory, searchPattern, options))
        {
            var relative = Path.GetRelativePath(directory, path).Replace(Path.DirectorySeparatorChar, '/');
            Add(Combine(prefix, relative), File.ReadAllBytes(path), IsExecutable(path));
        }
    }

    public void Add(string path, ReadOnlyMemory<byte> content, bool executable = false)
    {
        ValidatePath(path);
        if (!_files.TryAdd(path, new BuildContextFile(path, executable ? ExecutableMode : RegularMode, content)))
        {
            throw new ImageBuildException($"The build context has two files at '{path}'. Rename one of them.");
        }
    }

    /// <summary>Ensures a directory entry exists even when empty (a COPY of it then succeeds).</summary>
    public void AddDirectory(string path)
    {
        ValidatePath(path);
        _directories.Add(path);
    }

    /// <summary>Writes the context as an uncompressed tar stream; the stream is left open.</summary>
    public async Task WriteTarAsync(Stream destination, CancellationToken cancellationToken)
    {
        var writer = new TarWriter(destination, TarEntryFormat.Pax, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var directory in _directories.Concat(_files.Keys.SelectMany(ParentDirectories)).Order(StringComparer.Ordinal))
            {
                if (written.Add(directory))
                {
                    var entry = new PaxTarEntry(TarEntryType.Directory, directory + "/") { Mode = DirectoryMode, ModificationTime = EntryTime };
                    await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
                }
            }

            foreach (var file in _files.Values)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, file.Path)
                {
                    Mode = file.Mode,
                    ModificationTime = EntryTime,
                    DataStream = new MemoryStream(file.Content.ToArray(), writable: false),
                };
                await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static IEnumerable<string> ParentDirectories(string path)
    {
        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            yield return path[..slash];
        }
    }

    // Only the executable bit survives (as in git), so a different umask on another checkout
    // does not change the content hash.
    private static bool IsExecutable(string path) =>
        !OperatingSystem.IsWindows() &&
        (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static string Combine(string prefix, string relative) => prefix.Length == 0 ? relative : prefix + "/" + relative;

    private static void ValidatePath(string path)
    {
        if (path.Length == 0 || path.StartsWith('/') || path.EndsWith('/') || path.Contains('\\', StringComparison.Ordinal) ||
            path.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw new ArgumentException($"'{path}' is not a relative path with '/' separators.", nameof(path));
        }
    }
}
