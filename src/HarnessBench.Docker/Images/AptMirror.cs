namespace HarnessBench.Docker.Images;

/// <summary>
/// Finds the Debian mirror the host's apt already uses, so that no mirror host is written in the
/// project: deb822 stanzas in sources.list.d/*.sources ("URIs:"), then one-line "deb" entries in
/// sources.list and sources.list.d/*.list. A source that lists the wanted suite itself wins over
/// one that only lists other suites; security, updates and backports archives are never chosen.
/// </summary>
internal static class AptMirror
{
    public const string DefaultAptDirectory = "/etc/apt";

    /// <returns>The mirror URI, or null when the host's sources name none.</returns>
    public static string? Detect(string suite, string aptDirectory = DefaultAptDirectory)
    {
        var sources = new List<(string Uri, IReadOnlyList<string> Suites)>();
        var listDirectory = Path.Combine(aptDirectory, "sources.list.d");
        if (Directory.Exists(listDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(listDirectory, "*.sources").Order(StringComparer.Ordinal))
            {
                sources.AddRange(ParseDeb822(File.ReadAllText(file)));
            }
        }

        var oneLineFiles = new List<string> { Path.Combine(aptDirectory, "sources.list") };
        if (Directory.Exists(listDirectory))
        {
            oneLineFiles.AddRange(Directory.EnumerateFiles(listDirectory, "*.list").Order(StringComparer.Ordinal));
        }

        foreach (var file in oneLineFiles.Where(File.Exists))
        {
            sources.AddRange(ParseOneLine(File.ReadAllText(file)));
        }

        return sources.FirstOrDefault(s => s.Suites.Contains(suite, StringComparer.Ordinal)).Uri
            ?? sources.FirstOrDefault(s => s.Suites.Any(IsMainArchiveSuite)).Uri;
    }

    /// <summary>deb822 stanzas of Types containing "deb": every URI with the stanza's suites.</summary>
    public static IEnumerable<(string Uri, IReadOnlyList<string> Suites)> ParseDeb822(string text)
    {
        foreach (var stanza in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n"))
        {
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in stanza.Split('\n'))
            {
                var trimmed = line.Trim();
                var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
                if (trimmed.Length == 0 || trimmed.StartsWith('#') || colon <= 0 || char.IsWhiteSpace(line[0]))
                {
                    continue;
                }

                fields[trimmed[..colon]] = trimmed[(colon + 1)..].Trim();
            }

            if (!fields.TryGetValue("Types", out var types) || !Words(types).Contains("deb") ||
                (fields.TryGetValue("Enabled", out var enabled) && enabled.Equals("no", StringComparison.OrdinalIgnoreCase)) ||
                !fields.TryGetValue("URIs", out var uris) || !fields.TryGetValue("Suites", out var suites))
            {
                continue;
            }

            foreach (var uri in Words(uris))
            {
                yield return (uri, Words(suites));
            }
        }
    }

    /// <summary>"deb [options] uri suite components..." lines.</summary>
    public static IEnumerable<(string Uri, IReadOnlyList<string> Suites)> ParseOneLine(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#')[0].Trim();
            if (!line.StartsWith("deb ", StringComparison.Ordinal) && !line.StartsWith("deb\t", StringComparison.Ordinal))
            {
                continue;
            }

            var rest = line[3..].Trim();
            if (rest.StartsWith('['))
            {
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                rest = close < 0 ? "" : rest[(close + 1)..].Trim();
            }

            var words = Words(rest);
            if (words.Count >= 2)
            {
                yield return (words[0], [words[1]]);
            }
        }
    }

    private static bool IsMainArchiveSuite(string suite) =>
        !suite.EndsWith("-security", StringComparison.Ordinal) &&
        !suite.EndsWith("-updates", StringComparison.Ordinal) &&
        !suite.EndsWith("-backports", StringComparison.Ordinal) &&
        !suite.EndsWith("/updates", StringComparison.Ordinal);

    private static List<string> Words(string value) =>
        [.. value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)];
}
