using HarnessBench.Core.Config;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Core.Planning;

/// <summary>Pure expansion of a bench into its cells.</summary>
public static class Planner
{
    /// <summary>
    /// Cells ordered model (bench order) → harness (bench order) → task (by id) → repeat, so that
    /// all cells of one model are contiguous and one model server is up at a time.
    /// </summary>
    public static Plan Expand(Bench bench, HarnessRegistry harnesses)
    {
        var cells = new List<Cell>();
        foreach (var model in bench.Models)
        {
            foreach (var harnessName in bench.Harnesses)
            {
                var harness = harnesses.Get(harnessName);
                foreach (var task in bench.Tasks.OrderBy(t => t.Id, StringComparer.Ordinal))
                {
                    var timeouts = new CellTimeouts(task.AgentTimeout ?? bench.Timeouts.Agent, task.GraderTimeout ?? bench.Timeouts.Grader);
                    var limits = Limits(bench.Limits, task.Resources);
                    var hash = DefinitionHasher.Compute(model, harness.Name, harness.Version, task, timeouts, limits);
                    for (var repeat = 1; repeat <= bench.Repeats; repeat++)
                    {
                        var id = CellId.Create(model.Name, harness.Name, task.Id, repeat);
                        cells.Add(new Cell(id, model, harness.Name, harness.Version, task, repeat, timeouts, limits, hash));
                    }
                }
            }
        }
        return new Plan(bench.RunName, cells);
    }

    private static SandboxLimits Limits(SandboxLimits defaults, TaskResources task) => defaults with
    {
        Cpus = task.Cpus ?? defaults.Cpus,
        MemoryBytes = task.MemoryBytes ?? defaults.MemoryBytes,
        Pids = task.Pids ?? defaults.Pids,
    };
}
