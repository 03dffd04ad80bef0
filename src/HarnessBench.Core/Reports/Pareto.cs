namespace HarnessBench.Core.Reports;

/// <summary>A point to place on a speed/accuracy plot: lower cost (time, tokens) and higher rate are better.</summary>
public sealed record FrontierPoint(string Label, double Cost, double Rate);

/// <summary>Pareto frontier of cost (minimize) versus rate (maximize).</summary>
public static class Pareto
{
    /// <summary>
    /// The points no other point dominates (another point dominates when it is no worse on both axes
    /// and better on one). Identical points are all kept. Ordered by cost, then rate descending, then label.
    /// </summary>
    public static IReadOnlyList<FrontierPoint> Frontier(IReadOnlyList<FrontierPoint> points)
    {
        var sorted = points.OrderBy(p => p.Cost).ThenByDescending(p => p.Rate).ThenBy(p => p.Label, StringComparer.Ordinal).ToList();
        var frontier = new List<FrontierPoint>();
        var bestRate = double.NegativeInfinity;
        var bestCost = double.NaN;
        foreach (var p in sorted)
        {
            // A point survives when it beats every cheaper point's rate, or ties the frontier's last point exactly.
            if (p.Rate > bestRate)
            {
                frontier.Add(p);
                bestRate = p.Rate;
                bestCost = p.Cost;
            }
            else if (p.Rate == bestRate && p.Cost == bestCost)
            {
                frontier.Add(p);
            }
        }

        return frontier;
    }
}
