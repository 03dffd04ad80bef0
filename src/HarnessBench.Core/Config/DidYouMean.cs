namespace HarnessBench.Core.Config;

/// <summary>Suggests the closest known word for a misspelt key or name.</summary>
internal static class DidYouMean
{
    /// <summary>The closest candidate within an edit distance of about a third of its length, or null.</summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(input.ToLowerInvariant(), candidate.ToLowerInvariant());
            var allowed = Math.Max(1, Math.Max(input.Length, candidate.Length) / 3);
            if (distance <= allowed && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /// <summary>"did you mean 'x'?" or null, for use as (part of) a hint.</summary>
    public static string? Hint(string input, IEnumerable<string> candidates) =>
        Closest(input, candidates) is { } match ? $"did you mean '{match}'?" : null;

    // Optimal string alignment distance: Levenshtein plus adjacent transpositions ("harensses").
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
