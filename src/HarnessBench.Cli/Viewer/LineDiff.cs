using System.Globalization;

namespace HarnessBench.Cli.Viewer;

/// <summary>A line of a unified diff: ' ' context, '-' removed, '+' added, '@' a hunk header.</summary>
internal readonly record struct DiffLine(char Kind, string Text);

/// <summary>
/// Unified line diffs (Myers' O(ND) algorithm, the one git uses by default). Bounded: past
/// <c>maxEdits</c> differing lines the two versions are shown as a whole removal and addition,
/// which is what such a diff would amount to anyway.
/// </summary>
internal static class LineDiff
{
    private enum Op
    {
        Equal,
        Delete,
        Insert,
    }

    public static IReadOnlyList<DiffLine> Unified(IReadOnlyList<string> before, IReadOnlyList<string> after, int context = 3, int maxEdits = 2000)
    {
        var edits = Edits(before, after, maxEdits);
        var result = new List<DiffLine>();
        // Line numbers before each edit, for the hunk headers.
        var oldAt = new int[edits.Count + 1];
        var newAt = new int[edits.Count + 1];
        for (var i = 0; i < edits.Count; i++)
        {
            oldAt[i + 1] = oldAt[i] + (edits[i].Op == Op.Insert ? 0 : 1);
            newAt[i + 1] = newAt[i] + (edits[i].Op == Op.Delete ? 0 : 1);
        }

        var index = 0;
        while (index < edits.Count)
        {
            if (edits[index].Op == Op.Equal)
            {
                index++;
                continue;
            }

            var start = Math.Max(0, index - context);
            var lastChange = index;
            var end = index;
            for (; end < edits.Count; end++)
            {
                if (edits[end].Op != Op.Equal) lastChange = end;
                else if (end - lastChange > 2 * context) break;
            }

            end = Math.Min(edits.Count, lastChange + context + 1);
            var oldCount = oldAt[end] - oldAt[start];
            var newCount = newAt[end] - newAt[start];
            result.Add(new DiffLine('@', string.Create(CultureInfo.InvariantCulture,
                $"@@ -{(oldCount == 0 ? oldAt[start] : oldAt[start] + 1)},{oldCount} +{(newCount == 0 ? newAt[start] : newAt[start] + 1)},{newCount} @@")));
            for (var i = start; i < end; i++)
            {
                result.Add(new DiffLine(edits[i].Op switch { Op.Equal => ' ', Op.Delete => '-', _ => '+' }, edits[i].Text));
            }

            index = end;
        }

        return result;
    }

    private static List<(Op Op, string Text)> Edits(IReadOnlyList<string> a, IReadOnlyList<string> b, int maxEdits)
    {
        // Common head and tail first: most edits touch a few lines of a long file.
        var head = 0;
        while (head < a.Count && head < b.Count && a[head] == b[head]) head++;
        var tail = 0;
        while (tail < a.Count - head && tail < b.Count - head && a[a.Count - 1 - tail] == b[b.Count - 1 - tail]) tail++;
        var midA = a.Skip(head).Take(a.Count - head - tail).ToList();
        var midB = b.Skip(head).Take(b.Count - head - tail).ToList();

        var edits = new List<(Op, string)>(a.Count + b.Count);
        edits.AddRange(a.Take(head).Select(l => (Op.Equal, l)));
        edits.AddRange(Myers(midA, midB, maxEdits)
            ?? [.. midA.Select(l => (Op.Delete, l)), .. midB.Select(l => (Op.Insert, l))]);
        edits.AddRange(a.Skip(a.Count - tail).Select(l => (Op.Equal, l)));
        return edits;
    }

    /// <summary>The shortest edit script, or null when it needs more than <paramref name="maxD"/> edits.</summary>
    private static List<(Op, string)>? Myers(List<string> a, List<string> b, int maxD)
    {
        int n = a.Count, m = b.Count;
        // trace[d][k + d] = furthest x on diagonal k after d edits (only the 2d+1 diagonals reachable).
        var trace = new List<int[]>();
        for (var d = 0; d <= Math.Min(n + m, maxD); d++)
        {
            var v = new int[2 * d + 1];
            var previous = d == 0 ? null : trace[d - 1];
            for (var k = -d; k <= d; k += 2)
            {
                int x;
                if (previous is null) x = 0;
                else if (k == -d || (k != d && previous[k - 1 + d - 1] < previous[k + 1 + d - 1])) x = previous[k + 1 + d - 1];
                else x = previous[k - 1 + d - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                }

                v[k + d] = x;
                if (x >= n && y >= m)
                {
                    trace.Add(v);
                    return Backtrack(trace, a, b);
                }
            }

            trace.Add(v);
        }

        return null;
    }

    private static List<(Op, string)> Backtrack(List<int[]> trace, List<string> a, List<string> b)
    {
        var edits = new List<(Op, string)>();
        int x = a.Count, y = b.Count;
        for (var d = trace.Count - 1; d > 0; d--)
        {
            var previous = trace[d - 1];
            var k = x - y;
            var down = k == -d || (k != d && previous[k - 1 + d - 1] < previous[k + 1 + d - 1]);
            var prevK = down ? k + 1 : k - 1;
            var prevX = previous[prevK + d - 1];
            var prevY = prevX - prevK;
            while (x > prevX && y > prevY)
            {
                edits.Add((Op.Equal, a[--x]));
                y--;
            }

            if (down) edits.Add((Op.Insert, b[--y]));
            else edits.Add((Op.Delete, a[--x]));
        }

        while (x > 0 && y > 0)
        {
            edits.Add((Op.Equal, a[--x]));
            y--;
        }

        edits.Reverse();
        return edits;
    }
}
