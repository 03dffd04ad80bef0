using HarnessBench.Core.Config;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;
using HarnessBench.Core.Runtime;

namespace HarnessBench.Core.Pipeline;

/// <summary>A cell's verdict, error kind and a human-readable reason.</summary>
internal sealed record CellOutcome(Verdict Verdict, ErrorKind? ErrorKind, string? Message)
{
    public static CellOutcome Pass { get; } = new(Verdict.Pass, null, null);

    public static CellOutcome Error(ErrorKind kind, string message) => new(Verdict.Error, kind, message);

    public static CellOutcome Fail(string reason) => new(Verdict.Fail, null, reason);
}

/// <summary>
/// The verdict rules, in one place.
/// Agent: timed out → error agent-timeout, not graded (a half-finished workspace says nothing
/// reliable). No exit code → error agent-crash, not graded. Any exit code, zero or not, is recorded
/// and the workspace is graded: harness CLIs' exit codes are unreliable, the tests decide. That
/// includes a harness that died with its own commands at the memory or pids limit: the model caused
/// it, so it is not an error; the limit it hit is recorded (agent_limit: memory | pids). A final
/// workspace (or log directory) past the copy-out limits → fail workspace-limit, not graded: nothing
/// beyond the limit was written on the host.
/// Grader: the verdict is the evidence its driver (root, out of the agent's code's reach) wrote,
/// never an exit code. Pass = the driver finished, exited 0 and recorded exactly the declared number
/// of checks, all passed. Everything else once the agent's code ran is a fail with the reason: short
/// evidence ("checks 3/12"), no evidence at all ("no-evidence": the driver stopped or was stopped),
/// whatever the agent's code did to provoke it. Errors are the grader's own faults only: missing,
/// a fault the driver reported, a driver that overran its container's limit (grader-timeout), a
/// driver that stopped before any agent code ran (its tool is missing: 126/127).
/// </summary>
internal static class OutcomeRules
{
    /// <summary>
    /// Model: the harness's last model request failed at the endpoint (refused, HTTP error, broken
    /// stream) → error endpoint, not graded: the harness never had a working model to finish with.
    /// Earlier failures it recovered from are only recorded in the metering.
    /// </summary>
    public static CellOutcome? AfterModel(ModelMetering? metering) =>
        metering?.LastRequestError is { } kind
            ? CellOutcome.Error(ErrorKind.Endpoint,
                $"the model endpoint failed ({kind}) on the harness's last request ({metering.Errors.Values.Sum()} endpoint error(s) in {metering.Requests} request(s)); not graded")
            : null;

    /// <summary>The outcome decided by the agent alone, or null when the workspace must be graded.</summary>
    public static CellOutcome? AfterAgent(ContainerRun agent, Cell cell)
    {
        if (agent.TimedOut)
            return CellOutcome.Error(ErrorKind.AgentTimeout, $"the agent did not finish within {DurationText.Format(cell.Timeouts.Agent)}; not graded");
        if (agent.ExitCode is null)
            return CellOutcome.Error(ErrorKind.AgentCrash, "the agent container stopped without an exit code; not graded");
        if (agent.CopyOutLimit is { } limit)
        {
            return CellOutcome.Fail(
                $"workspace-limit: {limit}; the limits are {ByteSizeText.Format(cell.Limits.WorkspaceBytes)} and {cell.Limits.WorkspaceFiles} entries (bench.yaml sandbox.workspace, sandbox.workspace_files); not graded");
        }
        return null;
    }

    public static CellOutcome AfterGrade(GradeResult grade, Cell cell)
    {
        if (grade.Run is not { } run)
            return CellOutcome.Error(ErrorKind.GraderError, grade.NotRunReason ?? "the grader did not run");
        var evidence = grade.Evidence;
        if (evidence.GraderFault is { } fault)
            return CellOutcome.Error(ErrorKind.GraderError, $"the grader reported a fault of its own: {fault}");
        if (run.TimedOut)
        {
            return CellOutcome.Error(ErrorKind.GraderTimeout,
                $"the grader's driver did not finish within {DurationText.Format(cell.Timeouts.Grader)} (its steps must fit its budget; `hbench tasks validate` checks this)");
        }
        if (evidence.Finish is { } finish && evidence.Problem is null)
            return Judge(evidence, finish, run, cell.Task.Checks);
        var stopped = Stopped(run, cell);
        var recorded = $"{evidence.Checks.Count(c => c.Passed)}/{cell.Task.Checks} checks recorded as passed";
        if (evidence.Problem is { } problem)
            return CellOutcome.Fail($"no-evidence: {problem} ({recorded}; the grader {stopped})");
        if (evidence.AgentCodeRan || run.ExitCode == 0)
            return CellOutcome.Fail($"no-evidence: the grader {stopped} without finishing ({recorded})");
        return run.ExitCode switch
        {
            126 => CellOutcome.Error(ErrorKind.GraderError, "test.sh exited 126 before running the agent's code: a command it ran is not executable"),
            127 => CellOutcome.Error(ErrorKind.GraderError, "test.sh exited 127 before running the agent's code: a command it ran was not found (missing from the toolchain image?)"),
            _ => CellOutcome.Error(ErrorKind.GraderError, $"the grader {stopped} before running the agent's code"),
        };
    }

    /// <summary>The driver finished: its checks decide.</summary>
    private static CellOutcome Judge(GraderEvidence evidence, EvidenceFinish finish, ContainerRun run, int declared)
    {
        var total = evidence.Checks.Count;
        var passed = evidence.Checks.Count(c => c.Passed);
        if (declared <= 0)
            return CellOutcome.Error(ErrorKind.GraderError, "the task declares no checks (task.yaml 'checks:')");
        if (finish.Checks != total || finish.Passed != passed)
            return CellOutcome.Fail($"no-evidence: the grader's finish line ({finish.Passed}/{finish.Checks}) does not match the checks it recorded ({passed}/{total})");
        if (total == declared && passed == declared && run.ExitCode == 0)
            return CellOutcome.Pass;
        var reason = $"checks {passed}/{declared}";
        if (total != declared) reason += $" ({total} recorded)";
        if (finish.Reason is { } why) reason += $": {why}";
        else if (evidence.Checks.FirstOrDefault(c => !c.Passed) is { } first) reason += $": {first.Name}" + (first.Detail.Length > 0 ? $" ({first.Detail})" : "");
        else if (run.ExitCode != 0) reason += $": the grader exited {Code(run.ExitCode)} after finishing";
        return CellOutcome.Fail(reason);
    }

    private static string Stopped(ContainerRun run, Cell cell) =>
        run.OomKilled
            ? $"was OOM-killed at the {ByteSizeText.Format(cell.Limits.MemoryBytes)} memory limit"
            : run.ExitCode is { } code ? $"exited {code.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "stopped without an exit code";

    private static string Code(int? code) => code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
}
