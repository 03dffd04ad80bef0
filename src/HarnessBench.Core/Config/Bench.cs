using HarnessBench.Core.Runtime;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Core.Config;

/// <summary>A validated bench.yaml: the sweep to run. Immutable; built only by <see cref="BenchLoader"/>.</summary>
/// <param name="Name">The bench's name.</param>
/// <param name="RunName">Results go to <see cref="RunDirectory"/>; the same run name resumes.</param>
/// <param name="SourceFile">bench.yaml as the user named it (for messages).</param>
/// <param name="ResultsDirectory">Absolute results root.</param>
/// <param name="TasksDirectory">Absolute directory holding one folder per task.</param>
/// <param name="Models">Models in file order: the sweep runs them one after another.</param>
/// <param name="Harnesses">Harness names in file order, all known to the caller's registry.</param>
/// <param name="Tasks">The selected tasks, ordered by id.</param>
/// <param name="Repeats">How many times each (model, harness, task) runs.</param>
/// <param name="Concurrency">Cells running at the same time.</param>
/// <param name="Timeouts">Defaults; a task's own timeouts win unless <see cref="ForcedTimeouts"/>.</param>
/// <param name="Limits">Default sandbox limits; a task's resources win field by field.</param>
public sealed record Bench(
    string Name,
    string RunName,
    string SourceFile,
    string ResultsDirectory,
    string TasksDirectory,
    IReadOnlyList<ModelSpec> Models,
    IReadOnlyList<string> Harnesses,
    IReadOnlyList<TaskDefinition> Tasks,
    int Repeats,
    int Concurrency,
    CellTimeouts Timeouts,
    SandboxLimits Limits)
{
    public string RunDirectory => Path.Combine(ResultsDirectory, RunName);

    /// <summary>
    /// Decoys and sandbox layout (bench.yaml <c>audit:</c>, <c>sandbox.layout</c>; the loader's default is
    /// standard decoys). Benches built in code (task validation) get none: oracle, nop and wrong never look.
    /// </summary>
    public Audit.Decoys.AuditSettings Audit { get; init; } = HarnessBench.Core.Audit.Decoys.AuditSettings.None;

    /// <summary>
    /// bench.yaml <c>warmup: true</c>: each (model, harness, task) first runs one discarded attempt
    /// (repeat 0, stored with <c>"warmup": true</c>, left out of every report figure), so that cold
    /// caches (model server, page cache, JIT) do not land in repeat 1.
    /// </summary>
    public bool Warmup { get; init; }

    /// <summary>
    /// bench.yaml <c>timeouts: { override: true }</c>: the timeouts the bench gives (agent, grader or both)
    /// apply to every task, whatever the task's own say (a bench that gives every agent 5 minutes gets
    /// exactly that); null fields follow the default precedence: a task's own timeout wins over the bench's.
    /// </summary>
    public (TimeSpan? Agent, TimeSpan? Grader) ForcedTimeouts { get; init; }

    /// <summary>The limits a cell of <paramref name="task"/> runs with, by the precedence above.</summary>
    public CellTimeouts EffectiveTimeouts(TaskDefinition task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new CellTimeouts(
            ForcedTimeouts.Agent ?? task.AgentTimeout ?? Timeouts.Agent,
            ForcedTimeouts.Grader ?? task.GraderTimeout ?? Timeouts.Grader);
    }

    /// <summary>
    /// bench.yaml <c>backend:</c>: where the cells' containers run (local engine or Swarm); <c>hbench run
    /// --backend</c> wins. Not part of any cell's definition hash: the same cell on another backend is the
    /// same experiment, and a run records the backend it ran on.
    /// </summary>
    public ExecutionBackend Backend { get; init; } = ExecutionBackend.Local;

    /// <summary>
    /// bench.yaml <c>swarm: { registry: HOST:PORT }</c>: the registry the Swarm backend pushes cell images
    /// to and every node pulls them from, by digest; null = hbench's own registry on the manager
    /// (scripts/ensure-registry.sh, the swarm's advertise address, port 5000). Not part of any definition hash.
    /// </summary>
    public string? SwarmRegistry { get; init; }

    /// <summary>Settings of the built-in bare loop (bench.yaml <c>bare:</c>).</summary>
    public Agents.BareOptions Bare { get; init; } = Agents.BareOptions.Default;
}

/// <summary>Wall-clock limits of the two containers of a cell.</summary>
public sealed record CellTimeouts(TimeSpan Agent, TimeSpan Grader)
{
    public static CellTimeouts Default { get; } = new(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(2));
}
