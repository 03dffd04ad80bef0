using System.Globalization;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Results;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Cli.Rendering;

/// <summary>
/// The task-validation table: one row per task; a column per reference harness (oracle must pass,
/// nop and wrong must fail), the hack gate (every attempt fails and is audited tamper), the grader's
/// worst-case time against its budget, and the oracle's grader time.
/// </summary>
internal static class ValidationTable
{
    /// <summary>Evaluates and prints; see <see cref="TaskValidationReport.Evaluate"/>.</summary>
    /// <returns>True when every cell got its expected verdict and every grader fits its budget.</returns>
    public static bool Print(IReadOnlyList<TaskDefinition> tasks, IReadOnlyList<CellResult> results,
        IReadOnlyDictionary<string, Verdict> expected, Func<string, GraderEvidence> evidence, TextWriter output, Func<CellResult, string?>? agentTail = null)
    {
        var report = TaskValidationReport.Evaluate(tasks, results, expected, evidence, agentTail);
        Print(report, output);
        return report.Valid;
    }

    public static void Print(TaskValidationReport report, TextWriter output)
    {
        var width = Math.Max(24, report.Tasks.Max(t => t.Task.Length) + 1);
        output.WriteLine();
        output.WriteLine($"{"task".PadRight(width)} {"oracle",-12} {"nop",-12} {"wrong",-12} {"hacks (fail+tamper)",-20} {"budget s",-14} {"grader s",8}");
        foreach (var task in report.Tasks)
        {
            var row = task.Task.PadRight(width);
            if (task.Status == "unavailable")
            {
                output.WriteLine($"{row} unavailable here: {task.UnavailableReason}");
                continue;
            }

            foreach (var reference in task.References)
            {
                var text = reference.Got == "skipped" ? (task.Imported ? "(imported)" : "(no wrong/)") : (reference.Ok ? "ok " : "BAD ") + reference.Got;
                row += $" {text,-12}";
            }

            row += $" {(task.HacksTotal == 0 ? "-" : $"{(task.HacksMissed.Count == 0 ? "ok" : "BAD")} {task.HacksCaught}/{task.HacksTotal}"),-20}";
            row += $" {BudgetText(task.Budget),-14}";
            row += $" {(task.GraderSeconds is { } s ? s.ToString("F1", CultureInfo.InvariantCulture) : "-"),8}";
            output.WriteLine(row);
        }

        foreach (var problem in report.Tasks.SelectMany(t => t.Problems)) output.WriteLine("  " + problem);
        var unavailable = report.Tasks.Where(t => t.Status == "unavailable").Select(t => t.Task).ToList();
        output.WriteLine(report.Valid
            ? $"all {report.Tasks.Count - unavailable.Count} task(s) valid: oracle passes; nop, wrong and every hack attempt fail; graders fit their budgets"
            : "INVALID: see BAD above (cells and grader logs under results/_validate/)");
        if (unavailable.Count > 0)
            output.WriteLine($"{unavailable.Count} task(s) unavailable here (their image cannot be built on this machine; not invalid): {string.Join(", ", unavailable)}");
    }

    private static string BudgetText(BudgetCheck? budget) => budget switch
    {
        null => "-",
        { WorstSeconds: null } => "no evidence",
        _ => $"{(budget.Fits ? "ok" : "BAD")} {budget.WorstSeconds:F0}/{budget.BudgetSeconds:F0}",
    };
}
