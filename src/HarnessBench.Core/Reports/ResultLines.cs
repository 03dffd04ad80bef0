using HarnessBench.Core.Results;

namespace HarnessBench.Core.Reports;

/// <summary>
/// Reads a results.jsonl for reporting: the same rules as <see cref="JsonlResultStore.Read"/> (last
/// line per cell wins, a torn last line and foreign lines are skipped with a warning, a newer schema
/// is refused) plus the optional "metering" and "audit" objects, in one pass, parsing lines on all
/// cores: 100k result lines must report in well under two seconds.
/// </summary>
internal static class ResultLines
{
    public static (IReadOnlyList<(CellResult Result, LineExtras? Extras)> Latest, IReadOnlyList<string> Warnings) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var lines = new List<(int Start, int Length, int Number)>();
        var warnings = new List<string>();
        var offset = 0;
        var number = 0;
        while (offset < bytes.Length)
        {
            number++;
            var end = bytes.AsSpan(offset).IndexOf((byte)'\n');
            var length = end < 0 ? bytes.Length - offset : end;
            if (end < 0)
            {
                if (!bytes.AsSpan(offset, length).Trim((byte)' ').IsEmpty)
                {
                    warnings.Add($"{path}:{number}: ignored a partial last line ({length} bytes) left by an interrupted write");
                }

                break;
            }

            if (!bytes.AsSpan(offset, length).Trim((byte)' ').IsEmpty) lines.Add((offset, length, number));
            offset += length + 1;
        }

        var parsed = new (CellResult? Result, LineExtras? Extras, string? Error)[lines.Count];
        Parallel.For(0, lines.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var line = bytes.AsSpan(lines[i].Start, lines[i].Length);
            parsed[i] = ResultLineParser.Parse(line);
        });

        var latest = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < parsed.Length; i++)
        {
            var (result, _, error) = parsed[i];
            if (result is null)
            {
                warnings.Add($"{path}:{lines[i].Number}: skipped a line that is not a result ({error})");
                continue;
            }

            if (result.Schema > CellResult.CurrentSchema)
            {
                throw new InvalidDataException(
                    $"A result line has schema {result.Schema}, newer than this version understands ({CellResult.CurrentSchema}). Use a newer hbench to read this run.");
            }

            latest[result.CellId] = i;
        }

        var ordered = latest.Values.Order().Select(i => (parsed[i].Result!, parsed[i].Extras)).ToList();
        return (ordered, warnings);
    }
}
