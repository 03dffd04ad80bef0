using System.Reflection;
using System.Text;

namespace HarnessBench.Gateway.Probing;

/// <summary>
/// The probe's prompts, built from real prose shipped in the assembly (license texts copied verbatim
/// from Debian's /usr/share/common-licenses, see Probing/Prose/README.md), not filler: a tokenizer and
/// an attention kernel see repeated filler differently from text. Every prompt starts with a fresh
/// nonce, so a server's prefix cache cannot serve one request from the previous one's KV cache.
/// </summary>
internal static class ProsePrompt
{
    private static readonly string[] Files = ["GPL-3", "GPL-2", "LGPL-2.1", "GFDL-1.3", "MPL-2.0", "Apache-2.0", "GPL-1", "MPL-1.1"];

    private static readonly Lazy<string> Prose = new(Load);

    /// <summary>About 70 tokens: the same question in every short request.</summary>
    public const string ShortQuestion =
        "The GNU General Public License is a free, copyleft license for software and other kinds of works. "
        + "Explain in plain words what a copyleft license is, how it differs from a permissive license such as "
        + "the MIT or Apache license, and what it asks of people who share modified programs. Keep writing until you are stopped.";

    /// <summary>Asked after the long prompt's text: an answer that can run to any length.</summary>
    public const string LongQuestion = "Summarize the license texts above, section by section, in plain words. Keep writing until you are stopped.";

    /// <summary>The user turns of the multi-turn conversation after its opening message.</summary>
    public static IReadOnlyList<string> FollowUps { get; } =
    [
        "Which obligations does it place on people who redistribute the software?",
        "Summarize your two previous answers in one paragraph.",
    ];

    /// <summary>All the shipped prose, concatenated (about 169k characters).</summary>
    public static string Text => Prose.Value;

    public static string NewNonce() => Guid.NewGuid().ToString("N")[..12];

    public static string Short(string nonce) => $"[probe {nonce}] {ShortQuestion}";

    /// <summary>The long prompt with <paramref name="proseChars"/> characters of prose (cut at a line end when one is near).</summary>
    public static string Long(string nonce, int proseChars, string question = LongQuestion) =>
        $"[probe {nonce}] Here are some software license texts.\n\n{Cut(proseChars)}\n\n{question}";

    public static string Cut(int chars)
    {
        string text = Text;
        if (chars >= text.Length)
        {
            return text;
        }

        int end = Math.Max(0, chars);
        int line = text.LastIndexOf('\n', Math.Max(0, end - 1));
        return text[..(line > end - 200 && line > 0 ? line : end)];
    }

    private static string Load()
    {
        Assembly assembly = typeof(ProsePrompt).Assembly;
        var text = new StringBuilder();
        foreach (string file in Files)
        {
            using Stream stream = assembly.GetManifestResourceStream($"HarnessBench.Probe.{file}.txt")
                ?? throw new InvalidOperationException($"the probe prose {file}.txt is not embedded in {assembly.GetName().Name}");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            text.Append(reader.ReadToEnd().Trim()).Append("\n\n");
        }

        return text.ToString();
    }
}
