namespace HarnessBench.Docker.Archives;

/// <summary>Validation of archive entry names: relative, no "..", optional leading components stripped.</summary>
internal static class ArchivePaths
{
    /// <summary>
    /// Returns the entry's path relative to the extraction root ('/'-separated), or null when
    /// nothing is left after stripping (the archive's top directory itself).
    /// </summary>
    /// <exception cref="UnsafeArchiveEntryException">Absolute path or a ".." component.</exception>
    public static string? SafeRelativePath(string entryName, int stripComponents)
    {
        ArgumentNullException.ThrowIfNull(entryName);
        if (entryName.StartsWith('/'))
        {
            throw new UnsafeArchiveEntryException(entryName, "absolute path");
        }

        if (entryName.Contains('\0', StringComparison.Ordinal))
        {
            throw new UnsafeArchiveEntryException(entryName, "NUL character in name");
        }

        var components = new List<string>();
        foreach (string component in entryName.Split('/'))
        {
            if (component == "..")
            {
                throw new UnsafeArchiveEntryException(entryName, "'..' component escapes the target directory");
            }

            if (component.Length > 0 && component != ".")
            {
                components.Add(component);
            }
        }

        return components.Count <= stripComponents ? null : string.Join('/', components.Skip(stripComponents));
    }
}
