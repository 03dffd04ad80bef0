using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using HarnessBench.Docker.Archives;
using HarnessBench.Docker.Processes;

namespace HarnessBench.Docker.Tests.Infrastructure;

/// <summary>
/// A tiny test image made from the host's own files (bash, dash, coreutils and their shared
/// libraries, found with ldd) and imported with <see cref="DockerClient.ImportImageAsync"/>: no
/// registry, no debootstrap. Tagged with a hash of its inputs, so it is built once per host.
/// </summary>
internal static class TestImage
{
    public const string Repository = "harnessbench-test/sandbox";
    private const string Version = "1";

    private static readonly string[] Programs =
    [
        "bash", "dash", "sh", "cat", "ls", "sleep", "echo", "id", "stat", "head", "tail", "mkdir", "chmod", "readlink",
        "env", "timeout", "wc", "seq", "true", "false", "touch", "printf", "sort", "tr", "rm", "ln", "cp", "mv", "tee",
        "mkfifo", "sha256sum", "dd", "grep", "sed", "find",
    ];

    public static async Task<string> EnsureAsync(DockerClient client, ProcessLauncher processes, CancellationToken ct)
    {
        var layout = new RootfsLayout();
        // On merged-/usr hosts these are symlinks into /usr; scripts say /bin/bash and /bin/sh.
        foreach (string directory in ProgramDirectories.Where(Path.Exists))
        {
            layout.Walk(directory);
        }

        foreach (string program in Programs)
        {
            if (FindProgram(program) is not { } path)
            {
                continue;
            }

            layout.Walk(path);
            foreach (string library in await SharedLibrariesAsync(processes, path, ct))
            {
                layout.Walk(library);
            }
        }

        string tag = $"{Repository}:{layout.Hash(Version)}";
        if (await client.InspectImageAsync(tag, ct) is not null)
        {
            return tag;
        }

        using var tar = new MemoryStream();
        await layout.WriteAsync(tar, ct);
        tar.Position = 0;
        await client.ImportImageAsync(tar, tag, ["ENV PATH=/usr/local/bin:/usr/bin:/bin", "CMD [\"/bin/bash\"]"], ct);
        await RemoveStaleAsync(client, tag, ct);
        return tag;
    }

    /// <summary>Drops images of earlier host states (other hashes); one in use elsewhere is simply kept.</summary>
    private static async Task RemoveStaleAsync(DockerClient client, string current, CancellationToken ct)
    {
        foreach (ImageInfo image in await client.ListImagesAsync(Repository, ct))
        {
            foreach (string stale in image.RepoTags.Where(t => t != current && t.StartsWith(Repository + ":", StringComparison.Ordinal)))
            {
                try
                {
                    await client.RemoveImageAsync(stale, force: false, ct);
                }
                catch (DockerException)
                {
                    // In use by a container of a concurrent run: leave it.
                }
            }
        }
    }

    private static readonly string[] ProgramDirectories = ["/usr/bin", "/bin", "/usr/sbin", "/sbin"];

    private static string? FindProgram(string name) =>
        ProgramDirectories.Select(d => Path.Join(d, name)).FirstOrDefault(File.Exists);

    private static async Task<IReadOnlyList<string>> SharedLibrariesAsync(ProcessLauncher processes, string program, CancellationToken ct)
    {
        ProcessResult result = await processes.RunAsync(new ProcessSpec("ldd", [program]) { Timeout = TimeSpan.FromSeconds(30) }, ct);
        var libraries = new List<string>();
        foreach (string line in result.StandardOutput.Split('\n'))
        {
            // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)"
            string text = line.Trim();
            int arrow = text.IndexOf("=>", StringComparison.Ordinal);
            string candidate = (arrow >= 0 ? text[(arrow + 2)..] : text).Trim();
            int paren = candidate.IndexOf(" (", StringComparison.Ordinal);
            candidate = paren >= 0 ? candidate[..paren] : candidate;
            if (candidate.StartsWith('/'))
            {
                libraries.Add(candidate);
            }
        }

        return libraries;
    }

    /// <summary>The entries of the rootfs, mirroring the host layout (symlinked /bin, /lib included).</summary>
    private sealed class RootfsLayout
    {
        private readonly SortedDictionary<string, (TarEntryType Type, string? Source, string? Link)> _entries = new(StringComparer.Ordinal);

        /// <summary>Adds a host path and every directory and symlink on its way; returns its canonical path.</summary>
        public string Walk(string path)
        {
            string current = "/";
            foreach (string component in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                string next = current == "/" ? "/" + component : current + "/" + component;
                switch (FileKinds.Of(next))
                {
                    case FileKind.Symlink:
                        string link = new FileInfo(next).LinkTarget!;
                        _entries.TryAdd(next, (TarEntryType.SymbolicLink, null, link));
                        current = Walk(Path.GetFullPath(link.StartsWith('/') ? link : Path.Join(current, link)));
                        break;
                    case FileKind.Directory:
                        _entries.TryAdd(next, (TarEntryType.Directory, null, null));
                        current = next;
                        break;
                    case FileKind.Regular:
                        _entries.TryAdd(next, (TarEntryType.RegularFile, next, null));
                        current = next;
                        break;
                    default:
                        throw new IOException($"Test image input {next} is missing or not a plain file.");
                }
            }

            return current;
        }

        public string Hash(string version)
        {
            var text = new StringBuilder(version).Append('\n');
            foreach ((string name, (TarEntryType type, string? source, string? link)) in _entries)
            {
                text.Append(name).Append(' ').Append(type).Append(' ').Append(link);
                if (source is not null)
                {
                    var info = new FileInfo(source);
                    text.Append(' ').Append(info.Length).Append(' ').Append(info.LastWriteTimeUtc.Ticks);
                }

                text.Append('\n');
            }

            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
        }

        public async Task WriteAsync(Stream destination, CancellationToken ct)
        {
            await using var writer = new TarWriter(destination, TarEntryFormat.Pax, leaveOpen: true);
            foreach ((string name, (TarEntryType type, string? source, string? link)) in _entries)
            {
                var entry = new PaxTarEntry(type, name.TrimStart('/') + (type == TarEntryType.Directory ? "/" : ""))
                {
                    Mode = type == TarEntryType.RegularFile ? File.GetUnixFileMode(source!) : (UnixFileMode)0b111_101_101,
                };
                if (link is not null)
                {
                    entry.LinkName = link;
                }

                await using FileStream? data = source is null ? null : File.OpenRead(source);
                if (data is not null)
                {
                    entry.DataStream = data;
                }

                await writer.WriteEntryAsync(entry, ct);
            }

            await WriteDirectoryAsync(writer, "etc/", 0b111_101_101, 0, ct);
            await WriteTextAsync(writer, "etc/passwd", "root:x:0:0:root:/root:/bin/bash\nagent:x:1000:1000:agent:/home/agent:/bin/bash\n", ct);
            await WriteTextAsync(writer, "etc/group", "root:x:0:\nagent:x:1000:\n", ct);
            await WriteDirectoryAsync(writer, "tmp/", 0b1_111_111_111, 0, ct);
            await WriteDirectoryAsync(writer, "home/", 0b111_101_101, 0, ct);
            await WriteDirectoryAsync(writer, "home/agent/", 0b111_101_101, 1000, ct);
        }

        private static Task WriteDirectoryAsync(TarWriter writer, string name, int mode, int owner, CancellationToken ct) =>
            writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)mode, Uid = owner, Gid = owner }, ct);

        private static async Task WriteTextAsync(TarWriter writer, string name, string text, CancellationToken ct)
        {
            using var data = new MemoryStream(Encoding.UTF8.GetBytes(text));
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { Mode = (UnixFileMode)0b110_100_100, DataStream = data }, ct);
        }
    }
}
