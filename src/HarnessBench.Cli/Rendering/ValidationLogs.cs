using HarnessBench.Core.Results;

namespace HarnessBench.Cli.Rendering;

/// <summary>The last lines a validation cell's agent (the reference solution) printed, for the table's details.</summary>
internal static class ValidationLogs
{
    public const int Lines = 3;

    public static string? Tail(string runDirectory, CellResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var lines = new[] { result.Logs.AgentStderr, result.Logs.AgentStdout }
            .OfType<string>()
            .Select(relative => Path.Combine(runDirectory, relative))
            .Where(File.Exists)
            .SelectMany(path => File.ReadLines(path).TakeLast(50))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith("hbench-limit", StringComparison.Ordinal))
            .TakeLast(Lines)
            .Select(l => l.Length <= 200 ? l : l[..200] + "...")
            .ToList();
        return lines.Count == 0 ? null : string.Join(" | ", lines);
    }
}
