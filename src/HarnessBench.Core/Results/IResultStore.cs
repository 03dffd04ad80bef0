namespace HarnessBench.Core.Results;

/// <summary>Where cell results go. Append-only, durable per line; the last line per cell id wins.</summary>
public interface IResultStore
{
    /// <summary>Everything stored so far (the resume state).</summary>
    Task<StoredResults> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Appends one result durably (flushed to disk before returning). Safe to call concurrently.</summary>
    Task AppendAsync(CellResult result, CancellationToken cancellationToken);
}

/// <summary>The stored results of a run.</summary>
/// <param name="Latest">The last result line per cell id.</param>
/// <param name="Lines">Result lines read, including superseded ones.</param>
/// <param name="Warnings">Lines that were repaired or skipped, for the user to see.</param>
public sealed record StoredResults(IReadOnlyDictionary<string, CellResult> Latest, int Lines, IReadOnlyList<string> Warnings)
{
    public static StoredResults Empty { get; } = new(new Dictionary<string, CellResult>(), 0, []);
}
