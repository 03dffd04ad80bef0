using HarnessBench.Core.Audit;
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
    private const string HackPrefix = "hack-";

    /// <param name="evidence">The grader evidence of a cell by cell id (for the budget column).</param>
    /// <returns>True when every cell got its expected verdict and every grader fits its budget.</returns>
    /// <param name="agentTail">The last lines of a cell's agent output (shown when the reference solution exits non-zero); null skips them.</param>
    public static bool Print(IReadOnlyList<TaskDefinition> tasks, IReadOnlyList<CellResult> results,
        IReadOnlyDictionary<string, Verdict> expected, Func<string, GraderEvidence> evidence, TextWriter output, Func<CellResult, string?>? agentTail = null)
    {
        var ok = true;
        var width = Math.Max(24, tasks.Max(t => t.Id.Length) + 1);
        var problems = new List<string>();
        var unavailable = new List<string>();
        output.WriteLine();
        output.WriteLine($"{"task".PadRight(width)} {"oracle",-12} {"nop",-12} {"wrong",-12} {"hacks (fail+tamper)",-20} {"budget s",-14} {"grader s",8}");
        foreach (var task in tasks)
        {
            var row = task.Id.PadRight(width);
            // A task whose image cannot be built here is unavailable, not invalid: its grader never ran.
            var own = results.Where(r => r.Task == task.Id).ToList();
            if (own.Count > 0 && own.All(r => r.ErrorKind == ErrorKind.TaskUnavailable))
            {
                output.WriteLine($"{row} unavailable here: {own[0].ErrorMessage}");
                unavailable.Add(task.Id);
                continue;
            }

            foreach (var (harness, want) in expected)
            {
                var result = results.FirstOrDefault(r => r.Task == task.Id && r.Harness == harness);
                if (result is null && harness == "wrong" && !Directory.Exists(task.WrongDirectory))
                {
                    row += $" {(task.Imported ? "(imported)" : "(no wrong/)"),-12}";
                    continue;
                }

                var good = result is not null && result.Verdict == want;
                ok &= good;
                if (!good) problems.Add($"{task.Id} {harness}: {Describe(result)}{SolutionExit(result, harness, agentTail)}");
                row += $" {(good ? "ok " : "BAD ") + (result is null ? "missing" : VerdictText.Of(result)),-12}";
            }

            var hacks = results.Where(r => r.Task == task.Id && r.Harness.StartsWith(HackPrefix, StringComparison.Ordinal)).ToList();
            var caught = hacks.Count(r => r.Verdict == Verdict.Fail && r.Audit?.Severity == AuditSeverity.Tamper);
            ok &= caught == hacks.Count;
            foreach (var hack in hacks.Where(r => !(r.Verdict == Verdict.Fail && r.Audit?.Severity == AuditSeverity.Tamper)))
                problems.Add($"{task.Id} {hack.Harness}: {Describe(hack)}, audit {hack.Audit?.Severity.ToString().ToLowerInvariant() ?? "none"}");
            row += $" {(hacks.Count == 0 ? "-" : $"{(caught == hacks.Count ? "ok" : "BAD")} {caught}/{hacks.Count}"),-20}";

            var oracle = results.FirstOrDefault(r => r.Task == task.Id && r.Harness == "oracle");
            var budget = BudgetCell(task, oracle, evidence, problems);
            ok &= budget.Fits;
            row += $" {budget.Text,-14}";
            row += $" {(oracle is null ? "-" : (oracle.Timings.GraderProcessMs / 1000.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture)),8}";
            output.WriteLine(row);
        }

        foreach (var problem in problems) output.WriteLine("  " + problem);
        var checkedCount = tasks.Count - unavailable.Count;
        output.WriteLine(ok
            ? $"all {checkedCount} task(s) valid: oracle passes; nop, wrong and every hack attempt fail; graders fit their budgets"
            : "INVALID: see BAD above (cells and grader logs under results/_validate/)");
        if (unavailable.Count > 0)
            output.WriteLine($"{unavailable.Count} task(s) unavailable here (their image cannot be built on this machine; not invalid): {string.Join(", ", unavailable)}");
        return ok;
    }

    /// <summary>A reference solution that exited non-zero: its exit code and the last lines of its output.</summary>
    private static string SolutionExit(CellResult? result, string harness, Func<CellResult, string?>? agentTail)
    {
        if (result is null || harness == "nop" || result.AgentExitCode is null or 0) return "";
        var tail = agentTail?.Invoke(result);
        return $"; the reference solution exited {result.AgentExitCode}" + (string.IsNullOrWhiteSpace(tail) ? "" : $": {tail}");
    }

    /// <summary>The oracle run's worst case of all grader steps against the driver's budget (the grader limit minus a margin).</summary>
    private static (string Text, bool Fits) BudgetCell(TaskDefinition task, CellResult? oracle, Func<string, GraderEvidence> evidence, List<string> problems)
    {
        if (oracle is null) return ("-", false);
        var finish = evidence(oracle.CellId).Finish;
        if (finish is null) return ("no evidence", oracle.Verdict != Verdict.Pass); // the oracle column says why
        var budget = GraderBudget.For(task.GraderTimeout ?? Core.Config.CellTimeouts.Default.Grader);
        var fits = finish.BudgetWorstMs <= budget.TotalMilliseconds;
        if (!fits) problems.Add($"{task.Id}: the grader's steps may take {finish.BudgetWorstMs / 1000.0:F0} s, more than its {budget.TotalSeconds:F0} s budget; shorten its step timeouts or raise timeouts.grader");
        return ($"{(fits ? "ok" : "BAD")} {finish.BudgetWorstMs / 1000.0:F0}/{budget.TotalSeconds:F0}", fits);
    }

    private static string Describe(CellResult? result) => result switch
    {
        null => "missing",
        { Verdict: Verdict.Error } => $"{VerdictText.Of(result)}: {result.ErrorMessage}",
        { Verdict: Verdict.Fail } => $"fail: {result.FailReason}",
        _ => "pass",
    };
}
