using System.Text.Json;
using HarnessBench.Core.Config;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Core.Audit;

/// <summary>One cell of a re-scanned run: its stored result line and the audit rebuilt from its files.</summary>
/// <param name="Stored">The audit the result line carries (null for lines written before the audit existed).</param>
public sealed record RescannedCell(CellResult Result, CellAudit Audit, CellAudit? Stored);

/// <summary>All cells of a run, re-scanned, with what could not be re-scanned fully.</summary>
public sealed record RunRescanResult(string RunDirectory, IReadOnlyList<RescannedCell> Cells, IReadOnlyList<string> Warnings);

/// <summary>
/// Re-audits an existing run from its stored files (trajectory.jsonl, raw logs, agent-logs/, the
/// gateway transcript, the final workspace; the canary and grader paths from each line's stored
/// audit record), so audit rules can improve without rerunning any agent. results.jsonl is never
/// rewritten: <see cref="WriteSidecar"/> stores the new audits next to it in audit.jsonl.
/// </summary>
public static class RunRescan
{
    public const string SidecarFile = "audit.jsonl";

    /// <param name="runDirectory">results/&lt;run&gt;.</param>
    /// <param name="tasksDirectory">Where tasks/&lt;id&gt; are (for the prompt and the seed workspace); tasks not found are audited without a seed.</param>
    /// <exception cref="FileNotFoundException">The run has no results.jsonl.</exception>
    public static RunRescanResult Rescan(string runDirectory, string tasksDirectory)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        ArgumentNullException.ThrowIfNull(tasksDirectory);
        var file = Path.Combine(runDirectory, JsonlResultStore.FileName);
        if (!File.Exists(file))
            throw new FileNotFoundException($"{file} not found: pass a run directory (results/<run>/) written by `hbench run`", file);
        var stored = JsonlResultStore.Read(file);
        var warnings = new List<string>(stored.Warnings);
        var tasks = new Dictionary<string, TaskDefinition?>(StringComparer.Ordinal);
        var cells = new List<RescannedCell>();
        foreach (var result in stored.Latest.Values.OrderBy(r => r.CellId, StringComparer.Ordinal))
        {
            if (!tasks.TryGetValue(result.Task, out var task))
            {
                task = LoadTask(tasksDirectory, result.Task);
                tasks[result.Task] = task;
                if (task is null) warnings.Add($"task '{result.Task}' not found in {tasksDirectory}: its cells are audited without the seed workspace and prompt");
            }
            var paths = CellPaths.For(runDirectory, CellId.Parse(result.CellId));
            var old = result.Audit;
            var input = new CellAuditInput(paths, task?.WorkspaceDirectory, task?.Prompt ?? "", old?.Decoys ?? "off", old?.GraderPaths ?? [], old?.Canary);
            CellAudit audit;
            if (!Directory.Exists(paths.Root))
            {
                audit = new CellAudit(AuditSeverity.Unaudited, [], null, input.Decoys, Scanning.TrajectoryScanner.RulesVersion)
                {
                    Canary = input.Canary,
                    GraderPaths = input.GraderPaths,
                    Error = $"cell folder {paths.Root} is missing",
                };
            }
            else
            {
                audit = CellAuditor.Audit(input);
            }
            cells.Add(new RescannedCell(result, audit, old));
        }
        return new RunRescanResult(runDirectory, cells, warnings);
    }

    /// <summary>Writes audit.jsonl: one {"cell_id", "rescanned_at", "audit"} line per cell, replacing the file atomically.</summary>
    public static string WriteSidecar(RunRescanResult rescan, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rescan);
        var path = Path.Combine(rescan.RunDirectory, SidecarFile);
        var temp = path + ".tmp";
        using (var stream = File.Create(temp))
        {
            foreach (var cell in rescan.Cells)
            {
                using (var writer = new Utf8JsonWriter(stream))
                {
                    writer.WriteStartObject();
                    writer.WriteString("cell_id", cell.Result.CellId);
                    writer.WriteString("rescanned_at", now);
                    writer.WritePropertyName("audit");
                    JsonSerializer.Serialize(writer, cell.Audit, ResultJson.Options);
                    writer.WriteEndObject();
                }
                stream.WriteByte((byte)'\n');
            }
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        return path;
    }

    private static TaskDefinition? LoadTask(string tasksDirectory, string id)
    {
        var directory = Path.Combine(tasksDirectory, id);
        if (!Directory.Exists(directory)) return null;
        return TaskLoader.Load(Path.GetFullPath(directory), directory, null, new ConfigErrors());
    }
}
