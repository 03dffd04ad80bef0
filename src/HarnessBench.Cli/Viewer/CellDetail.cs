using System.Text.Json;
using HarnessBench.Core.Reports;

namespace HarnessBench.Cli.Viewer;

/// <summary>One audit finding of the result line (audit.findings); <see cref="EventIndex"/> is the trajectory step it points at.</summary>
internal sealed record Finding(string Severity, string Detector, string Source, int? EventIndex, string Snippet);

/// <summary>Everything a cell page shows, read from the result line and the cell folder.</summary>
/// <param name="Line">The full result line; null when it could not be read again.</param>
/// <param name="Directory">cells/&lt;id&gt; (may not exist: synthetic or pruned runs).</param>
/// <param name="PromptSource">Where <paramref name="Prompt"/> came from.</param>
internal sealed record CellDetail(
    LoadedRun Run,
    ReportCell Cell,
    JsonElement? Line,
    string Directory,
    string? Prompt,
    string PromptSource,
    TrajectoryRead? Trajectory,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<EvidenceLine>? Evidence,
    (IReadOnlyList<ModelRequest> Requests, string? Problem)? Requests,
    WorkspaceChanges Workspace,
    IReadOnlyList<RawFile> Raw,
    ReportCell? Previous,
    ReportCell? Next)
{
    public static CellDetail Load(LoadedRun run, ReportCell cell, RunStore store)
    {
        var directory = run.CellDirectory(cell.CellId) ?? throw new ArgumentException($"not a cell id: {cell.CellId}", nameof(cell));
        var line = run.ResultLine(cell.CellId);
        store.Tasks.TryGetValue(cell.Task, out var task);
        string? prompt = task?.Prompt;
        var source = task is null ? "" : File.Exists(Path.Combine(task.Directory, "instruction.md")) ? $"tasks/{task.Id}/instruction.md" : $"tasks/{task.Id}/task.yaml";
        if (prompt is null && CellFiles.PromptCopy(directory) is { } copy)
        {
            prompt = copy;
            source = "harness/prompt.txt in the cell folder (the task folder was not found)";
        }

        var seed = task?.WorkspaceDirectory
            ?? (store.TasksDirectory is { } tasks && run.CellDirectory(cell.Task) is not null ? Path.Combine(tasks, cell.Task, "workspace") : null);
        var index = IndexOf(run.Cells, cell);
        return new CellDetail(run, cell, line, directory, prompt, source,
            CellFiles.Trajectory(directory), ReadFindings(line), CellFiles.Evidence(directory), Transcript.Read(directory),
            SeedDiff.Compare(seed, Path.Combine(directory, "workspace")), RawFiles.List(directory),
            index > 0 ? run.Cells[index - 1] : null, index >= 0 && index + 1 < run.Cells.Count ? run.Cells[index + 1] : null);
    }

    /// <summary>audit.findings: objects (severity, detector, source, event_index, snippet), or plain strings in older lines.</summary>
    public static IReadOnlyList<Finding> ReadFindings(JsonElement? line)
    {
        if (Json.At(line, "audit", "findings") is not { ValueKind: JsonValueKind.Array } array) return [];
        var findings = new List<Finding>();
        foreach (var f in array.EnumerateArray())
        {
            if (f.ValueKind == JsonValueKind.String) findings.Add(new Finding("?", "", "", null, f.GetString() ?? ""));
            else if (f.ValueKind == JsonValueKind.Object)
            {
                findings.Add(new Finding(Json.Str(f, "severity") ?? "?", Json.Str(f, "detector") ?? "", Json.Str(f, "source") ?? "",
                    (int?)Json.Long(f, "event_index"), Json.Str(f, "snippet") ?? ""));
            }
        }

        return findings;
    }

    private static int IndexOf(IReadOnlyList<ReportCell> cells, ReportCell cell)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (ReferenceEquals(cells[i], cell)) return i;
        }

        return -1;
    }
}
