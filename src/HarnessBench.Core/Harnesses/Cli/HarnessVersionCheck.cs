using System.Text.RegularExpressions;

namespace HarnessBench.Core.Harnesses.Cli;

/// <summary>
/// What a harness's <c>version_command</c> printed, reduced to the version it reports, and whether that
/// is the version its harness.yaml pins. CLIs decorate the number ("2.1.330 (Claude Code)",
/// "aider 0.86.1", "v1.18.33"), so the pinned version counts when it appears as a whole version token.
/// </summary>
public static partial class HarnessVersionCheck
{
    private const int MaxReportedLength = 80;

    /// <summary>The version the output reports: the pinned one when it is among the output's version tokens, else the first such token, else the first line (shortened).</summary>
    /// <param name="output">The version command's stdout and stderr.</param>
    /// <param name="exitCode">Its exit code; null when it never exited (timeout).</param>
    public static string Reported(string output, int? exitCode, string pinned)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(pinned);
        if (exitCode != 0)
            return exitCode is { } code ? $"(version command failed: exit {code})" : "(version command did not finish)";
        var tokens = VersionToken().Matches(output).Select(m => m.Groups["v"].Value).ToList();
        if (tokens.Contains(pinned, StringComparer.Ordinal)) return pinned;
        if (tokens.Count > 0) return tokens[0];
        var line = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (line is null) return "(no output)";
        return line.Length <= MaxReportedLength ? line : line[..MaxReportedLength] + "...";
    }

    /// <summary>True when <paramref name="reported"/> (from <see cref="Reported"/>) is the pinned version.</summary>
    public static bool Matches(string reported, string pinned) => string.Equals(reported, pinned, StringComparison.Ordinal);

    // 1.2, 1.2.3, 0.24.4-beta.1, 2.0.0+build: digits and dots, an optional pre-release or build suffix.
    [GeneratedRegex(@"(?<![0-9A-Za-z.])v?(?<v>\d+(?:\.\d+)+(?:[-+][0-9A-Za-z][0-9A-Za-z.-]*)?)", RegexOptions.CultureInvariant)]
    private static partial Regex VersionToken();
}
