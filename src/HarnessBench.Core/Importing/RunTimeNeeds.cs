using System.Text.RegularExpressions;

namespace HarnessBench.Core.Importing;

/// <summary>
/// What a task's tests or reference solution need while the task runs that a HarnessBench cell cannot
/// give: the internet (agents and graders run with no network) or root (the agent is uid 1000).
/// Installers are removed before this looks (they become build-time steps), so what is left is the
/// task's own use.
/// </summary>
internal static partial class RunTimeNeeds
{
    /// <summary>The first network fetch in <paramref name="text"/> ("curl example.com"), or null.</summary>
    public static string? InternetUse(string text)
    {
        foreach (Match match in FetchCommand().Matches(text))
        {
            var host = match.Groups["host"].Value;
            if (IsLocal(host)) continue;
            return match.Value.Trim().TrimEnd('"', '\'', ')', ',');
        }
        foreach (Match match in FetchCall().Matches(text))
        {
            var host = match.Groups["host"].Value;
            if (IsLocal(host)) continue;
            return match.Value.Trim();
        }
        return null;
    }

    /// <summary>
    /// A local service the tests connect to without starting it themselves ("localhost:8000"), or null.
    /// Tests that start their own process (Popen, a server fixture) are fine: they run in the grader too.
    /// </summary>
    public static string? LocalService(IEnumerable<string> testTexts)
    {
        var texts = testTexts.ToList();
        if (texts.Any(t => t.Contains("Popen(", StringComparison.Ordinal) || t.Contains("start_server", StringComparison.Ordinal))) return null;
        return texts.Select(t => LocalPort().Match(t)).FirstOrDefault(m => m.Success)?.Value;
    }

    /// <summary>The first step that only root can do (system folders, packages, services), or null.</summary>
    public static string? RootUse(string script)
    {
        foreach (var line in ShellText.Lines(script))
        {
            foreach (var command in ShellText.Commands(line))
            {
                if (RootCommand().Match(command) is { Success: true } m) return m.Value.Trim();
            }
        }
        return null;
    }

    private static bool IsLocal(string host) =>
        host.Length == 0 || host.StartsWith("localhost", StringComparison.OrdinalIgnoreCase) || host.StartsWith("127.", StringComparison.Ordinal)
        || host.StartsWith("0.0.0.0", StringComparison.Ordinal) || host.StartsWith("[::1]", StringComparison.Ordinal) || host.StartsWith('$') || host.StartsWith('{');

    // curl/wget/git clone with a host that looks like a domain or an IP (flags skipped).
    [GeneratedRegex(@"\b(?:curl|wget|git\s+clone)\b(?:\s+-{1,2}[\w-]+(?:[= ](?!https?:)[^\s'""]+)?)*\s+['""]?(?:https?://)?(?<host>(?:[a-z0-9-]+\.)+[a-z]{2,}|\d+\.\d+\.\d+\.\d+|localhost)\b[^\s'""]*", RegexOptions.IgnoreCase)]
    private static partial Regex FetchCommand();

    // Library calls that open a connection to a URL.
    [GeneratedRegex(@"\b(?:urlopen|urlretrieve|requests\.(?:get|post|put|head)|httpx\.(?:get|post)|http\.client\.HTTPS?Connection|socket\.create_connection)\s*\(\s*\(?\s*['""](?:https?://)?(?<host>[^/'""\s:]+)", RegexOptions.IgnoreCase)]
    private static partial Regex FetchCall();

    [GeneratedRegex(@"\b(?:localhost|127\.0\.0\.1|0\.0\.0\.0):\d{2,5}\b")]
    private static partial Regex LocalPort();

    [GeneratedRegex(@"^(?:sudo\s+)?(?:dpkg\s+-i\b.*|systemctl\s+\w+.*|service\s+\S+\s+(?:start|restart|stop|reload)\b.*|useradd\b.*|groupadd\b.*|mount\b.*|(?:rm|cp|mv|ln|chmod|chown|tee|sed\s+-i)\b.*\s/(?:etc|usr|var|opt|root|boot|lib)/\S*.*|.*>\s*/(?:etc|usr|var|root|boot|lib)/\S*)$")]
    private static partial Regex RootCommand();
}
