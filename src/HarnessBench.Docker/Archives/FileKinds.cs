using System.Runtime.InteropServices;

namespace HarnessBench.Docker.Archives;

internal enum FileKind
{
    Missing,
    Regular,
    Directory,
    Symlink,
    Fifo,
    Socket,
    CharacterDevice,
    BlockDevice,
    Unknown,
}

/// <summary>
/// lstat-style file type lookup. .NET exposes symlinks and directories but not sockets, FIFOs or
/// devices, and opening a FIFO blocks; statx(2) has one layout on every Linux architecture.
/// </summary>
internal static partial class FileKinds
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int SIfMt = 0xF000;

    public static FileKind Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, out StatxBuffer buffer) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            // ENOENT, ENOTDIR: nothing there. ENOSYS: no statx; fall back to what .NET can tell.
            return errno is 2 or 20 ? FileKind.Missing : Fallback(path);
        }

        return (buffer.Mode & SIfMt) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.Symlink,
            0x1000 => FileKind.Fifo,
            0xC000 => FileKind.Socket,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            _ => FileKind.Unknown,
        };
    }

    private static FileKind Fallback(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists && !Directory.Exists(path) && info.LinkTarget is null)
        {
            return FileKind.Missing;
        }

        return info.LinkTarget is not null ? FileKind.Symlink
            : info.Attributes.HasFlag(FileAttributes.Directory) ? FileKind.Directory
            : FileKind.Regular;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, out StatxBuffer buffer);

    /// <summary>struct statx: 256 bytes; only the fields up to stx_mode are read.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct StatxBuffer
    {
        public uint Mask;
        public uint BlockSize;
        public ulong Attributes;
        public uint LinkCount;
        public uint Uid;
        public uint Gid;
        public ushort Mode;
    }
}
