using HarnessBench.Core.Config;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Runtime;

namespace HarnessBench.Core.Pipeline;

/// <summary>The run a cell belongs to.</summary>
/// <param name="RunId">The run name; results go to <paramref name="RunDirectory"/>.</param>
/// <param name="SessionId">This process's invocation; containers are labelled with it.</param>
/// <param name="RunDirectory">Absolute results/&lt;run&gt; directory.</param>
public sealed record RunContext(string RunId, string SessionId, string RunDirectory)
{
    /// <summary>The bench's run with a new session id ("20250102T030405Z-1a2b3c": sortable and unique).</summary>
    public static RunContext For(Bench bench, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(bench);
        ArgumentNullException.ThrowIfNull(time);
        var session = $"{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}"[..23];
        return new RunContext(bench.RunName, session, bench.RunDirectory) { Backend = bench.Backend };
    }

    /// <summary>The execution backend the cells run on (recorded in each result line).</summary>
    public Runtime.ExecutionBackend Backend { get; init; } = Runtime.ExecutionBackend.Local;
}

/// <summary>Where a cell's files live: results/&lt;run&gt;/cells/&lt;cell folder&gt;/.</summary>
public sealed record CellPaths(string RunDirectory, string Root)
{
    /// <summary>The scratch workspace: seeded from the task, copied into the agent, replaced by its final state.</summary>
    public string Workspace => Path.Combine(Root, "workspace");

    public string AgentStdout => Path.Combine(Root, "agent.stdout.log");

    public string AgentStderr => Path.Combine(Root, "agent.stderr.log");

    public string GraderStdout => Path.Combine(Root, "grader.stdout.log");

    public string GraderStderr => Path.Combine(Root, "grader.stderr.log");

    /// <summary>Files the harness wrote to its logs directory in the container (copied out after the agent).</summary>
    public string AgentLogs => Path.Combine(Root, "agent-logs");

    /// <summary>The gateway's gzip JSONL transcript of the cell's model requests (keys redacted).</summary>
    public string Transcript => Path.Combine(Root, "gateway.transcript.jsonl.gz");

    /// <summary>The normalized trajectory: one <c>TrajectoryEvent</c> JSON line per event.</summary>
    public string Trajectory => Path.Combine(Root, "trajectory.jsonl");

    /// <summary>Copied empty into the grader at <c>/hbench/evidence</c> (root-only) and back out with the driver's evidence.</summary>
    public string Evidence => Path.Combine(Root, "evidence");

    /// <summary>The workspace composed for the grader (seed + solution surface); removed after grading.</summary>
    public string GradedWorkspace => Path.Combine(Root, "graded-workspace");

    /// <summary>Full exception text of an infrastructure error.</summary>
    public string ErrorLog => Path.Combine(Root, "error.log");

    public static CellPaths For(string runDirectory, CellId id) => new(runDirectory, Path.Combine(runDirectory, "cells", id.Folder));

    /// <summary>A path relative to the run directory with '/' separators, or null when the file does not exist.</summary>
    public string? RelativeIfExists(string path) =>
        File.Exists(path) || Directory.Exists(path) ? Path.GetRelativePath(RunDirectory, path).Replace('\\', '/') : null;
}

/// <summary>One cell to run, with its run and paths.</summary>
public sealed record CellWork(Cell Cell, RunContext Run, CellPaths Paths)
{
    /// <summary>The cell's open gateway session while the agent runs (set by the pipeline); null without a model.</summary>
    public ModelSession? ModelSession { get; init; }

    /// <summary>This attempt's secret canary, written into its decoy files (set by the pipeline when the cell has decoys).</summary>
    public string? Canary { get; init; }

    public static CellWork Create(Cell cell, RunContext run) => new(cell, run, CellPaths.For(run.RunDirectory, cell.Id));

    /// <summary>Labels for the cell's containers, so that orphans can be traced to a run and cell.</summary>
    public IReadOnlyDictionary<string, string> Labels(string phase) => new Dictionary<string, string>
    {
        [ManagedLabels.Run] = Run.RunId,
        [ManagedLabels.Session] = Run.SessionId,
        [ManagedLabels.Cell] = Cell.Id.Value,
        [ManagedLabels.Phase] = phase,
    };

    /// <summary>A container name suffix (the runtime makes it unique).</summary>
    public string ContainerName(string phase)
    {
        var name = $"{Cell.Id.Folder}-{phase}";
        return name.Length <= 100 ? name : name[^100..].TrimStart('-', '.', '_');
    }
}
