using HarnessBench.Core.Audit.Decoys;
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
    /// all cells of one model are contiguous and one model server is up at a time. With
    /// <see cref="Bench.Warmup"/>, repeat 0 (the discarded warm-up) comes before repeat 1.
    /// </summary>
    public static Plan Expand(Bench bench, HarnessRegistry harnesses)
    {
        var cells = new List<Cell>();
        foreach (var model in bench.Models)
        {
            var singleShotPlanned = new HashSet<string>(StringComparer.Ordinal);
            foreach (var harnessName in bench.Harnesses)
            {
                var listed = harnesses.Get(harnessName);
                foreach (var task in bench.Tasks.OrderBy(t => t.Id, StringComparer.Ordinal))
                {
                    // Single-shot tasks meet model-driven harnesses once per model, under the
                    // single-shot pseudo-harness; the reference harnesses (oracle, nop, wrong) run them
                    // as they are (task validation). Listing single-shot itself selects only such tasks.
                    var harness = listed;
                    if (task.SingleShot is not null && listed is not IReferenceHarness)
                    {
                        if (!singleShotPlanned.Add(task.Id)) continue;
                        harness = harnesses.Contains(SingleShotHarness.HarnessName) ? harnesses.Get(SingleShotHarness.HarnessName) : new SingleShotHarness();
                    }
                    else if (task.SingleShot is null && listed is SingleShotHarness)
                    {
                        continue;
                    }
                    var bare = harness is BareHarness ? bench.Bare : null;
                    var version = bare?.Version ?? harness.Version;
                    var timeouts = bench.EffectiveTimeouts(task);
                    var limits = Limits(bench.Limits, task.Resources);
                    var decoys = DecoyLayout.For(bench.Audit, task);
                    var hash = DefinitionHasher.Compute(model, harness.Name, version, task, timeouts, limits, decoys);
                    for (var repeat = bench.Warmup ? 0 : 1; repeat <= bench.Repeats; repeat++)
                    {
                        var id = CellId.Create(model.Name, harness.Name, task.Id, repeat);
                        cells.Add(new Cell(id, model, harness.Name, version, task, repeat, timeouts, limits, hash) { Decoys = decoys, Bare = bare });
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
