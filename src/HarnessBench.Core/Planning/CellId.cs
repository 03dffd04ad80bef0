using System.Security.Cryptography;
using System.Text;

namespace HarnessBench.Core.Planning;

/// <summary>
/// Stable, path-safe identity of a cell: "&lt;model&gt;__&lt;harness&gt;__&lt;task&gt;__r&lt;repeat&gt;" with each
/// part slugged. It is the resume key of the results file, so it must not change between versions.
/// </summary>
public sealed record CellId
{
    private const int MaxFolderLength = 120;

    private CellId(string value) => Value = value;

    public string Value { get; }

    /// <summary>Directory name for the cell's files: the id, shortened with a hash suffix when very long.</summary>
    public string Folder => Value.Length <= MaxFolderLength
        ? Value
        : $"{Value[..(MaxFolderLength - 9)]}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Value)))[..8]}";

    /// <param name="repeat">1-based repeat number; 0 is the warm-up attempt ("__r0").</param>
    public static CellId Create(string model, string harness, string task, int repeat)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(repeat);
        return new CellId($"{Slug.Of(model)}__{Slug.Of(harness)}__{Slug.Of(task)}__r{repeat}");
    }

    /// <summary>Wraps an id read back from a results file.</summary>
    public static CellId Parse(string value) => new(value);

    public override string ToString() => Value;
}
