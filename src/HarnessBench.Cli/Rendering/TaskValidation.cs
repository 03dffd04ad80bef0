using HarnessBench.Core.Audit;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Results;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Cli.Rendering;

/// <summary>One reference harness on one task: what it had to get and what it got.</summary>
/// <param name="Got">The verdict text ("pass", "error infra"...), "missing" when the cell has no result, or "skipped" (no wrong/ solution).</param>
internal sealed record ReferenceCheck(string Harness, string Expected, string Got, bool Ok);

/// <summary>The grader's worst-case step time (from the oracle's evidence) against its budget; null seconds when there was no evidence.</summary>
internal sealed record BudgetCheck(double? WorstSeconds, double BudgetSeconds, bool Fits);

/// <summary>Everything `tasks validate` found about one task, for the table, --json and --junit alike.</summary>
/// <param name="Status">"valid", "invalid" or "unavailable" (its image cannot be built here; its grader never ran).</param>
/// <param name="Problems">One line per thing that went wrong, each naming the harness and the reason.</param>
internal sealed record TaskValidation(
    string Task, string Status, string? UnavailableReason, bool Imported, IReadOnlyList<ReferenceCheck> References,
    int HacksCaught, int HacksTotal, IReadOnlyList<string> HacksMissed, BudgetCheck? Budget, double? GraderSeconds, IReadOnlyList<string> Problems);

/// <summary>The validation of a set of tasks; valid when no task is invalid (unavailable tasks are reported, not invalid).</summary>
internal sealed record TaskValidationReport(IReadOnlyList<TaskValidation> Tasks)
{
    public bool Valid => Tasks.All(t => t.Status != "invalid");

    private const string HackPrefix = "hack-";

    /// <param name="evidence">The grader evidence of a cell by cell id (for the budget).</param>
    /// <param name="agentTail">The last lines of a cell's agent output (shown when a reference solution exits non-zero); null skips them.</param>
    public static TaskValidationReport Evaluate(IReadOnlyList<TaskDefinition> tasks, IReadOnlyList<CellResult> results,
        IReadOnlyDictionary<string, Verdict> expected, Func<string, GraderEvidence> evidence, Func<CellResult, string?>? agentTail = null) =>
        new([.. tasks.Select(task => EvaluateTask(task, [.. results.Where(r => r.Task == task.Id)], expected, evidence, agentTail))]);

    private static TaskValidation EvaluateTask(TaskDefinition task, List<CellResult> own, IReadOnlyDictionary<string, Verdict> expected,
        Func<string, GraderEvidence> evidence, Func<CellResult, string?>? agentTail)
    {
        // A task whose image cannot be built here is unavailable, not invalid: its grader never ran.
        if (own.Count > 0 && own.All(r => r.ErrorKind == ErrorKind.TaskUnavailable))
            return new TaskValidation(task.Id, "unavailable", own[0].ErrorMessage, task.Imported, [], 0, 0, [], null, null, []);

        var problems = new List<string>();
        var references = new List<ReferenceCheck>();
        foreach (var (harness, want) in expected)
        {
            var result = own.FirstOrDefault(r => r.Harness == harness);
            var wantText = want.ToString().ToLowerInvariant();
            if (result is null && harness == "wrong" && !Directory.Exists(task.WrongDirectory))
            {
                references.Add(new ReferenceCheck(harness, wantText, "skipped", true));
                continue;
            }

            var good = result is not null && result.Verdict == want;
            if (!good) problems.Add($"{task.Id} {harness}: {Describe(result)}{SolutionExit(result, harness, agentTail)}");
            references.Add(new ReferenceCheck(harness, wantText, result is null ? "missing" : VerdictText.Of(result), good));
        }

        var hacks = own.Where(r => r.Harness.StartsWith(HackPrefix, StringComparison.Ordinal)).ToList();
        var missed = hacks.Where(r => !(r.Verdict == Verdict.Fail && r.Audit?.Severity == AuditSeverity.Tamper)).ToList();
        foreach (var hack in missed)
            problems.Add($"{task.Id} {hack.Harness}: {Describe(hack)}, audit {hack.Audit?.Severity.ToString().ToLowerInvariant() ?? "none"}");

        var oracle = own.FirstOrDefault(r => r.Harness == "oracle");
        var budget = Budget(task, oracle, evidence, problems);
        var valid = references.All(r => r.Ok) && missed.Count == 0 && budget is { Fits: true };
        return new TaskValidation(task.Id, valid ? "valid" : "invalid", null, task.Imported, references, hacks.Count - missed.Count, hacks.Count,
            [.. missed.Select(h => h.Harness)], budget, oracle is null ? null : oracle.Timings.GraderProcessMs / 1000.0, problems);
    }

    /// <summary>The oracle run's worst case of all grader steps against the driver's budget (the grader limit minus a margin).</summary>
    private static BudgetCheck? Budget(TaskDefinition task, CellResult? oracle, Func<string, GraderEvidence> evidence, List<string> problems)
    {
        if (oracle is null) return null;
        var budget = GraderBudget.For(task.GraderTimeout ?? Core.Config.CellTimeouts.Default.Grader);
        var finish = evidence(oracle.CellId).Finish;
        if (finish is null) return new BudgetCheck(null, budget.TotalSeconds, oracle.Verdict != Verdict.Pass); // the oracle's row says why
        var fits = finish.BudgetWorstMs <= budget.TotalMilliseconds;
        if (!fits) problems.Add($"{task.Id}: the grader's steps may take {finish.BudgetWorstMs / 1000.0:F0} s, more than its {budget.TotalSeconds:F0} s budget; shorten its step timeouts or raise timeouts.grader");
        return new BudgetCheck(finish.BudgetWorstMs / 1000.0, budget.TotalSeconds, fits);
    }

    /// <summary>A reference solution that exited non-zero: its exit code and the last lines of its output.</summary>
    private static string SolutionExit(CellResult? result, string harness, Func<CellResult, string?>? agentTail)
    {
        if (result is null || harness == "nop" || result.AgentExitCode is null or 0) return "";
        var tail = agentTail?.Invoke(result);
        return $"; the reference solution exited {result.AgentExitCode}" + (string.IsNullOrWhiteSpace(tail) ? "" : $": {tail}");
    }

    private static string Describe(CellResult? result) => result switch
    {
        null => "missing",
        { Verdict: Verdict.Error } => $"{VerdictText.Of(result)}: {result.ErrorMessage}",
        { Verdict: Verdict.Fail } => $"fail: {result.FailReason}",
        _ => "pass",
    };
}
