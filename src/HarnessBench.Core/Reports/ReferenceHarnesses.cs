namespace HarnessBench.Core.Reports;

/// <summary>
/// The harnesses that check graders rather than compete: <c>oracle</c> (the reference solution),
/// <c>nop</c> (nothing), <c>wrong</c> (a plausible wrong solution) and the hack gate's <c>hack-*</c>
/// attempts. Reports leave them out of rankings and show them under "Grader validity".
/// </summary>
public static class ReferenceHarnesses
{
    public const string Oracle = "oracle";
    public const string Nop = "nop";
    public const string Wrong = "wrong";
    public const string HackPrefix = "hack-";

    public static bool Is(string harness)
    {
        ArgumentNullException.ThrowIfNull(harness);
        return harness is Oracle or Nop or Wrong || harness.StartsWith(HackPrefix, StringComparison.Ordinal);
    }
}
