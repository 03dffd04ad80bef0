using System.Text.Json;
using HarnessBench.Core.Config;
using HarnessBench.Core.Reports;
using HarnessBench.Core.Runtime;

namespace HarnessBench.Cli.Commands;

/// <summary>
/// A run folder keeps what it was run with, so that `hbench report RUN` (and the viewer) need no
/// --bench later: bench.yaml is a verbatim copy of the bench file (provenance), run.json what reports
/// read (the bench's name, its tasks folder, the models' metadata: family, params, quant, prices).
/// </summary>
internal static class RunFolder
{
    public const string BenchCopy = "bench.yaml";
    public const string RunFile = "run.json";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    /// <summary>Creates the run folder and writes both files; returns a message naming the problem and the fix, or null.</summary>
    public static string? Prepare(Bench bench, string benchFile)
    {
        try
        {
            Directory.CreateDirectory(bench.RunDirectory);
            File.Copy(benchFile, Path.Combine(bench.RunDirectory, BenchCopy), overwrite: true);
            var record = new RunRecord(bench.Name, Path.GetFullPath(benchFile), bench.TasksDirectory,
                bench.Models.ToDictionary(m => m.Name, m => m.Metadata, StringComparer.Ordinal), bench.Backend.Name());
            File.WriteAllText(Path.Combine(bench.RunDirectory, RunFile), JsonSerializer.Serialize(record, Json));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"hbench: cannot write the run folder {bench.RunDirectory}: {e.Message}\n" +
                "Fix: make it writable, or point the bench's `results:` (or --run) at a folder you can write.";
        }
    }

    /// <summary>What the run was run with, or null for runs made before run.json existed.</summary>
    public static ReportSources? Sources(string runDirectory)
    {
        var path = Path.Combine(runDirectory, RunFile);
        if (!File.Exists(path)) return null;
        try
        {
            var record = JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(path), Json);
            return record is null ? null : new ReportSources(Directory.Exists(record.TasksDirectory) ? record.TasksDirectory : null, record.Models, record.BenchName, Environment.MachineName);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <param name="Backend">The execution backend of the run's latest invocation ("local", "swarm"); each result line records its own.</param>
    private sealed record RunRecord(string BenchName, string BenchFile, string TasksDirectory, Dictionary<string, ModelMetadata> Models, string? Backend = null);
}
