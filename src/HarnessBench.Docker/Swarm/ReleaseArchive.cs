using System.Formats.Tar;

namespace HarnessBench.Docker.Swarm;

/// <summary>The one-file archive that opens a job's gate: an empty <see cref="SwarmJobSpec.ReleaseMarker"/>, root-owned.</summary>
internal static class ReleaseArchive
{
    public static async Task WriteAsync(Stream destination, CancellationToken cancellationToken)
    {
        await using var writer = new TarWriter(destination, TarEntryFormat.Pax, leaveOpen: true);
        var entry = new PaxTarEntry(TarEntryType.RegularFile, SwarmJobSpec.ReleaseMarker.TrimStart('/'))
        {
            Mode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
        };
        await writer.WriteEntryAsync(entry, cancellationToken);
    }
}
