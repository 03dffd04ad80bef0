using HarnessBench.Core.Config;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Planning;

namespace HarnessBench.Core.Tests.Support;

/// <summary>Builds real task directories and bench.yaml files in a temp directory.</summary>
public static class TestBench
{
    public static string WriteTask(TempDirectory dir, string id, string extraYaml = "", string toolchain = "python")
    {
        dir.Write($"tasks/{id}/task.yaml", $"""
            id: {id}
            title: Task {id}
            prompt: Solve {id}.
            language: python
            difficulty: easy
            category: tests
            toolchain: {toolchain}
            checks: 1
            surface: [answer.txt]
            {extraYaml}
            """);
        dir.Write($"tasks/{id}/tests/test.sh", "test -f /workspace/answer.txt\n");
        dir.Write($"tasks/{id}/solution/answer.txt", "42\n");
        dir.Write($"tasks/{id}/workspace/README.md", "seed\n");
        return dir.Combine("tasks", id);
    }

    public static Bench Load(TempDirectory dir, string benchYaml, HarnessRegistry? harnesses = null)
    {
        var path = dir.Write("bench.yaml", benchYaml);
        dir.Write("scripts/demo.yaml", "steps: []\n");
        var result = BenchLoader.Load(path, new BenchLoadOptions((harnesses ?? HarnessRegistry.CreateWithBuiltIns()).Names) { ProcessorCount = 4 });
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Bench;
    }

    /// <summary>A bench of scripted models m1..mN over the given harnesses and tasks t1..tK (created).</summary>
    public static Plan Plan(TempDirectory dir, int models, int tasks, int repeats = 1, string harnesses = "[nop]", string extra = "")
    {
        for (var t = 1; t <= tasks; t++) WriteTask(dir, $"t{t}");
        var modelYaml = string.Concat(Enumerable.Range(1, models).Select(m => $"\n  - name: m{m}\n    scripted: scripts/demo.yaml"));
        var bench = Load(dir, $"name: sweep\nmodels:{modelYaml}\nharnesses: {harnesses}\nrepeats: {repeats}\n{extra}");
        return Planner.Expand(bench, HarnessRegistry.CreateWithBuiltIns());
    }
}
