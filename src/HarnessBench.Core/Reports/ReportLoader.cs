using HarnessBench.Core.Config;
using HarnessBench.Core.Results;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Core.Reports;

/// <summary>Where a report's metadata comes from; every part is optional.</summary>
/// <param name="TasksDirectory">tasks/ for language and difficulty (task.yaml); null: unknown.</param>
/// <param name="Models">Model metadata by model name (the bench file's models); null: none declared.</param>
/// <param name="BenchName">Shown in the header; null: the first run's id.</param>
public sealed record ReportSources(string? TasksDirectory, IReadOnlyDictionary<string, ModelMetadata>? Models, string? BenchName, string Host);

/// <summary>
/// Reads results/&lt;run&gt;/results.jsonl of one or more runs into <see cref="ReportInput"/>. The last line
/// per cell id wins within a run, and a later run wins over an earlier one for the same cell id
/// (shards merge by listing them). The optional "metering" and "audit" objects of a line are read here,
/// so that the stored record does not need them until the gateway and the audit write them.
/// </summary>
public static class ReportLoader
{
    public static ReportInput Load(IReadOnlyList<string> runDirectories, ReportSources sources)
    {
        var warnings = new List<string>();
        var tasks = LoadTasks(sources.TasksDirectory, warnings);
        var latest = new Dictionary<string, ReportCell>(StringComparer.Ordinal);
        var runs = new List<string>();
        var warmups = 0;
        foreach (var dir in runDirectories)
        {
            var path = Path.Combine(dir, JsonlResultStore.FileName);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"no {JsonlResultStore.FileName} in '{dir}': pass a run directory (results/<run>/)", path);
            }

            var (lines, lineWarnings) = ResultLines.Read(path);
            warnings.AddRange(lineWarnings);
            runs.Add(lines.Count > 0 ? lines[0].Result.RunId : Path.GetFileName(Path.TrimEndingDirectorySeparator(dir)));
            foreach (var (result, extra) in lines)
            {
                if (result.Warmup || result.Repeat == 0)
                {
                    warmups++;
                    continue; // discarded warm-up attempts never enter a figure
                }

                var model = sources.Models?.GetValueOrDefault(result.Model);
                tasks.TryGetValue(result.Task, out var task);
                latest[result.CellId] = ToCell(result, task, model, extra);
            }
        }

        var unknownTasks = sources.TasksDirectory is null ? [] : latest.Values.Select(c => c.Task).Where(t => !tasks.ContainsKey(t)).Distinct().Order(StringComparer.Ordinal).ToList();
        if (warmups > 0) warnings.Add($"{warmups} warm-up attempt(s) (repeat 0, bench.yaml 'warmup: true') are left out of every figure");
        if (unknownTasks.Count > 0) warnings.Add($"no task.yaml for {string.Join(", ", unknownTasks)}: language and difficulty unknown");
        return new ReportInput(sources.BenchName ?? runs.FirstOrDefault() ?? "", runs, sources.Host, [.. latest.Values], warnings);
    }

    /// <summary>Joins a result line with its task's and model's metadata.</summary>
    public static ReportCell ToCell(CellResult r, TaskDefinition? task, ModelMetadata? model, LineExtras? extra)
    {
        var metering = extra?.Metering;
        return new ReportCell(r.RunId, r.CellId, r.Model, r.Harness, r.Task, r.Repeat, r.Verdict, r.ErrorKind, r.Timings,
            task?.Language, task?.Difficulty.ToString().ToLowerInvariant(), model?.Quant, model?.Params,
            metering, extra?.Audit, Cost(metering, model?.Prices), r.StartedAt, r.FinishedAt)
        {
            HarnessVersion = r.HarnessVersion,
            MismatchedHarnessVersion = r.HarnessVersionMismatch ? r.HarnessVersionReported ?? "unknown" : null,
            Images = r.Images,
            Checks = r.Checks is { } c ? c with { Failed = [] } : null,
            FailReason = r.FailReason,
        };
    }

    /// <summary>metering.cost_usd when given; else prompt and completion tokens at the model's prices per million.</summary>
    public static double? Cost(CellMetering? metering, ModelPrices? prices)
    {
        if (metering is null) return null;
        if (metering.CostUsd is { } given) return given;
        if (prices is null || (prices.InputPerMillion is null && prices.OutputPerMillion is null)) return null;
        if (metering.PromptTokens is null && metering.CompletionTokens is null) return null;
        return ((metering.PromptTokens ?? 0) * (double)(prices.InputPerMillion ?? 0)
            + (metering.CompletionTokens ?? 0) * (double)(prices.OutputPerMillion ?? 0)) / 1_000_000;
    }

    private static Dictionary<string, TaskDefinition> LoadTasks(string? directory, List<string> warnings)
    {
        if (directory is null || !Directory.Exists(directory)) return new(StringComparer.Ordinal);
        var loaded = TaskRepository.Load(directory);
        if (!loaded.Succeeded) warnings.Add($"{loaded.Errors.Count} task.yaml error(s) in {directory}; those tasks have no metadata");
        return loaded.Tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);
    }
}

/// <summary>The optional parts of a result line that reports read: "metering" and "audit" (see their records).</summary>
public sealed record LineExtras(string? CellId, CellMetering? Metering, CellAudit? Audit);
