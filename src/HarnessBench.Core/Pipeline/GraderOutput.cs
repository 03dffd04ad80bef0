using System.Text;
using System.Text.Json;
using HarnessBench.Core.Results;

namespace HarnessBench.Core.Pipeline;

/// <summary>Reads what a grader left behind: log tails and the optional score file.</summary>
internal static class GraderOutput
{
    public const int TailBytes = 4096;
    private const int MaxScoreBytes = 64 * 1024;

    /// <summary>The last <paramref name="maxBytes"/> of a file as UTF-8 text (starting at a character boundary); "" when absent.</summary>
    public static string Tail(string path, int maxBytes = TailBytes)
    {
        if (!File.Exists(path)) return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var length = (int)Math.Min(stream.Length, maxBytes);
        stream.Seek(-length, SeekOrigin.End);
        var buffer = new byte[length];
        stream.ReadExactly(buffer);
        var start = 0;
        if (stream.Length > maxBytes)
        {
            while (start < buffer.Length && (buffer[start] & 0xC0) == 0x80) start++;
        }
        return Encoding.UTF8.GetString(buffer, start, buffer.Length - start);
    }

    /// <summary>Parses {tests_passed, tests_total, details}; returns (null, null) when there is no score file.</summary>
    public static (CellScore? Score, string? Error) ReadScore(string path)
    {
        if (!File.Exists(path)) return (null, null);
        var info = new FileInfo(path);
        if (info.Length > MaxScoreBytes) return (null, $"score file is {info.Length} bytes; the limit is {MaxScoreBytes}");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, "score file is not a JSON object");
            var passed = Count(root, "tests_passed");
            var total = Count(root, "tests_total");
            if (passed is -1 || total is -1) return (null, "tests_passed and tests_total must be non-negative whole numbers");
            if (passed > total) return (null, $"tests_passed ({passed}) is greater than tests_total ({total})");
            JsonElement? details = root.TryGetProperty("details", out var d) ? d.Clone() : null;
            return (new CellScore(passed, total, details), null);
        }
        catch (JsonException ex)
        {
            return (null, $"score file is not valid JSON: {ex.Message}");
        }
    }

    // null = absent, -1 = present but not a non-negative integer.
    private static int? Count(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 0 ? count : -1;
    }
}
