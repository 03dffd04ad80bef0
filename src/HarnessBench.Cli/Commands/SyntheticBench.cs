using HarnessBench.Core.Config;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Cli.Commands;

/// <summary>
/// A bench made in code for the program's own checks (task validation, the sandbox benchmark):
/// built-in harnesses only, so no model; a fresh run folder under results/_&lt;kind&gt;/ each time.
/// </summary>
internal static class SyntheticBench
{
    public static Bench Create(string kind, string tasksDirectory, IReadOnlyList<TaskDefinition> tasks,
        IReadOnlyList<string> harnesses, int repeats, int concurrency, TimeProvider time) => new(
            Name: kind,
            RunName: $"{kind}-{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}"[..(kind.Length + 24)],
            SourceFile: tasksDirectory,
            ResultsDirectory: Path.Combine(HomeDirectory.Find(), "results", "_" + kind),
            TasksDirectory: tasksDirectory,
            Models: [ModelSpec.None],
            Harnesses: harnesses,
            Tasks: tasks,
            Repeats: repeats,
            Concurrency: concurrency,
            Timeouts: CellTimeouts.Default,
            Limits: SandboxLimits.Default);
}
