using HarnessBench.Core.Results;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Cli.Rendering;

/// <summary>The task-validation table: one row per task, one column per built-in harness.</summary>
internal static class ValidationTable
{
    /// <returns>True when every cell got its expected verdict.</returns>
    public static bool Print(IReadOnlyList<TaskDefinition> tasks, IReadOnlyList<CellResult> results,
        IReadOnlyDictionary<string, Verdict> expected, TextWriter output)
    {
        var ok = true;
        output.WriteLine();
        output.WriteLine($"{"task",-24} {"oracle",-26} {"nop",-26} {"wrong",-26} {"grader s (oracle)",17}");
        foreach (var task in tasks)
        {
            var row = $"{task.Id,-24}";
            foreach (var (harness, want) in expected)
            {
                var result = results.FirstOrDefault(r => r.Task == task.Id && r.Harness == harness);
                if (result is null && harness == "wrong" && !Directory.Exists(task.WrongDirectory))
                {
                    row += $" {"(no wrong/)",-26}";
                    continue;
                }

                var good = result is not null && result.Verdict == want;
                ok &= good;
                var text = result is null ? "missing" : VerdictText.Of(result);
                row += $" {(good ? "ok " : "BAD ") + text,-26}";
            }

            var oracle = results.FirstOrDefault(r => r.Task == task.Id && r.Harness == "oracle");
            row += $" {(oracle is null ? "-" : (oracle.Timings.GraderProcessMs / 1000.0).ToString("F1")),17}";
            output.WriteLine(row);
        }

        output.WriteLine(ok
            ? $"all {tasks.Count} task(s) valid: oracle passes, nop and wrong fail"
            : "INVALID: some graders did not give the expected verdict (see BAD above; logs under results/_validate/)");
        return ok;
    }
}
