namespace HarnessBench.Core.Reports;

/// <summary>A proportion with its 95% interval.</summary>
public sealed record Rate(int Successes, int Trials, double Low, double High)
{
    /// <summary>Null for zero trials (no rate to show).</summary>
    public double? Value => Trials == 0 ? null : (double)Successes / Trials;

    public static Rate Of(int successes, int trials)
    {
        var (low, high) = ReportStatistics.Wilson(successes, trials);
        return new Rate(successes, trials, low, high);
    }
}

/// <summary>The statistics reports use; pure functions, checked against hand-computed values in tests.</summary>
public static class ReportStatistics
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// Wilson score interval: behaves at 0/n and n/n where the normal approximation collapses to a
    /// zero-width interval. Zero trials give [0, 1].
    /// </summary>
    public static (double Low, double High) Wilson(int successes, int trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (trials == 0) return (0, 1);
        double n = trials;
        var p = successes / n;
        var z2 = z * z;
        var denominator = 1 + z2 / n;
        var center = (p + z2 / (2 * n)) / denominator;
        var half = z / denominator * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // Exact bounds at the edges (the formula is off by rounding there).
        return (successes == 0 ? 0 : Math.Max(0, center - half), successes == trials ? 1 : Math.Min(1, center + half));
    }

    /// <summary>
    /// Exact (binomial) two-sided McNemar test on the discordant pairs: <paramref name="onlyA"/> pairs
    /// where only A passed, <paramref name="onlyB"/> where only B passed. p = min(1, 2 P[X &lt;= min(b, c)]),
    /// X ~ Binomial(b + c, 1/2). No discordant pairs gives 1.
    /// </summary>
    public static double McNemarExact(int onlyA, int onlyB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onlyA);
        ArgumentOutOfRangeException.ThrowIfNegative(onlyB);
        var n = onlyA + onlyB;
        if (n == 0) return 1;
        var k = Math.Min(onlyA, onlyB);
        // Sum the binomial tail in log space so that large n does not underflow 0.5^n.
        var logPmf = n * Math.Log(0.5);
        var logSum = logPmf;
        for (var i = 0; i < k; i++)
        {
            logPmf += Math.Log(n - i) - Math.Log(i + 1);
            logSum = LogAdd(logSum, logPmf);
        }

        return Math.Min(1, 2 * Math.Exp(logSum));
    }

    /// <summary>
    /// Unbiased pass@k from n samples with c passes (Chen et al. 2021): 1 - C(n-c, k) / C(n, k),
    /// computed as a product to stay stable. Requires k &lt;= n.
    /// </summary>
    public static double PassAtK(int n, int c, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(c, n);
        if (n - c < k) return 1;
        var fail = 1.0;
        for (var i = n - c + 1; i <= n; i++)
        {
            fail *= 1 - (double)k / i;
        }

        return 1 - fail;
    }

    /// <summary>Median of the values (mean of the middle two for an even count); null when empty.</summary>
    public static double? Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>Mean; null when empty.</summary>
    public static double? Mean(IReadOnlyList<double> values) => values.Count == 0 ? null : values.Average();

    /// <summary>Sample standard deviation (n - 1); null for fewer than two values.</summary>
    public static double? StdDev(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return null;
        var mean = values.Average();
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += (v - mean) * (v - mean);
        }

        return Math.Sqrt(sum / (values.Count - 1));
    }

    private static double LogAdd(double a, double b)
    {
        var max = Math.Max(a, b);
        return max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
    }
}
