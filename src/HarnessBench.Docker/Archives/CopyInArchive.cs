using System.Globalization;
using HarnessBench.Core.Runtime;

namespace HarnessBench.Docker.Archives;

/// <summary>
/// A container's inputs as ONE archive put at "/" (each put mounts the container's file system in the
/// engine, so one request instead of one per directory is most of the copy cost of a grader's seven
/// inputs), shared by the local and the Swarm runtimes. For each target the archive carries entries
/// for the directories below its deepest existing ancestor and the target itself, so that all of them
/// belong to the copy's owner while existing directories keep theirs.
/// </summary>
internal static class CopyInArchive
{
    /// <param name="exists">Whether a container path exists (the engine's archive stat); asked once per path.</param>
    public static async Task<IReadOnlyList<TarPackItem>> PlanAsync(
        IReadOnlyList<DirectoryCopyIn> copies, Func<string, CancellationToken, Task<bool>> exists, CancellationToken ct)
    {
        var known = new Dictionary<string, bool>(StringComparer.Ordinal);
        var items = new List<TarPackItem>(copies.Count);
        foreach (DirectoryCopyIn copy in copies)
        {
            string[] components = ContainerPath(copy.ContainerPath).TrimStart('/').Split('/');
            int existing = 0;
            for (int depth = components.Length - 1; depth > 0 && existing == 0; depth--)
            {
                string ancestor = "/" + string.Join('/', components[..depth]);
                if (!known.TryGetValue(ancestor, out bool found))
                {
                    known[ancestor] = found = await exists(ancestor, ct);
                }

                existing = found ? depth : 0;
            }

            (int uid, int gid) = Owner(copy.Owner);
            items.Add(new TarPackItem(copy.HostDirectory, new TarPackOptions(uid, gid)
            {
                Prefix = string.Join('/', components), ExistingComponents = existing, ReadOnly = copy.ReadOnly, Private = copy.Private,
            }));
        }

        return items;
    }

    /// <summary>An absolute container path without a trailing slash; '.', '..' and "/" itself are refused.</summary>
    public static string ContainerPath(string path)
    {
        string trimmed = path.TrimEnd('/');
        if (!trimmed.StartsWith('/') || trimmed.Split('/').Any(c => c is "." or ".."))
        {
            throw new ArgumentException($"Container path '{path}' must be absolute, without '.' or '..', and not '/'.", nameof(path));
        }

        return trimmed;
    }

    private static (int Uid, int Gid) Owner(string owner)
    {
        string[] parts = owner.Split(':');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int uid)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int gid))
        {
            return (uid, gid);
        }

        throw new ArgumentException($"Owner '{owner}' must be numeric \"uid:gid\", e.g. \"1000:1000\".", nameof(owner));
    }
}
