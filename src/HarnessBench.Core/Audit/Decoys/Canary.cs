using System.Security.Cryptography;

namespace HarnessBench.Core.Audit.Decoys;

/// <summary>
/// The per-attempt secret canary: "HBC-" and 24 random hex digits (96 bits). It exists only in the
/// cell's decoy files and in the result line (never visible to agents), so finding it anywhere the
/// agent wrote or said is proof that decoy content entered its context. Distinct from the task-set
/// canary line (HARNESSBENCH-CANARY ...) that every task file carries for training-data filters.
/// </summary>
public static class Canary
{
    public const string Prefix = "HBC-";

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>A fresh canary from the OS's cryptographic generator.</summary>
    public static string New() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>True when <paramref name="value"/> has the shape <see cref="New"/> produces.</summary>
    public static bool IsWellFormed(string? value) =>
        value is { Length: 28 } && value.StartsWith(Prefix, StringComparison.Ordinal)
        && value.AsSpan(Prefix.Length).IndexOfAnyExcept(LowerHex) < 0;
}
