using System.Text;

namespace HarnessBench.Core.Pipeline;

/// <summary>Reads the tails of a container's logs.</summary>
internal static class GraderOutput
{
    public const int TailBytes = 4096;

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
}
