using System.Text;

namespace HarnessBench.Core.Planning;

/// <summary>Path-safe, case-insensitive-filesystem-safe id parts: [a-z0-9.-] only.</summary>
internal static class Slug
{
    /// <summary>
    /// Lowercases and maps everything outside [a-z0-9.] (including '_') to '-', collapsing runs.
    /// '_' never appears in a slug, which keeps the "__" separator of cell ids unambiguous.
    /// </summary>
    public static string Of(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            var mapped = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' ? c : '-';
            if (mapped == '-' && builder.Length > 0 && builder[^1] == '-') continue;
            builder.Append(mapped);
        }
        var slug = builder.ToString().Trim('-', '.');
        return slug.Length == 0 ? "x" : slug;
    }
}
