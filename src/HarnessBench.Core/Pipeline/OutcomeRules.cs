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
}

/// <summary>
/// The verdict rules, in one place.
/// Agent: timed out → error agent-timeout, not graded (a half-finished workspace says nothing
/// reliable). OOM-killed with a non-zero exit, or no exit code → error agent-crash, not graded.
/// Any other exit code, zero or not, is recorded and the workspace is graded: harness CLIs'
/// exit codes are unreliable, the tests decide. (OOM-killed but exit 0 means a child process
/// was killed and the agent carried on: graded, with agent_oom_killed recorded.)
/// Grader: missing → grader-error; timed out → grader-timeout; OOM-killed, no exit code, or exit
/// 126/127 (test.sh could not run a command) → grader-error; exit 0 → pass; anything else → fail.
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
        if (agent.OomKilled && agent.ExitCode != 0)
        {
            return CellOutcome.Error(ErrorKind.AgentCrash,
                $"the agent was OOM-killed at the {ByteSizeText.Format(cell.Limits.MemoryBytes)} memory limit (exit code {Code(agent.ExitCode)}); not graded");
        }
        if (agent.ExitCode is null)
            return CellOutcome.Error(ErrorKind.AgentCrash, "the agent container stopped without an exit code; not graded");
        return null;
    }

    public static CellOutcome AfterGrade(GradeResult grade, Cell cell)
    {
        if (grade.Run is not { } run)
            return CellOutcome.Error(ErrorKind.GraderError, grade.NotRunReason ?? "the grader did not run");
        if (run.TimedOut)
            return CellOutcome.Error(ErrorKind.GraderTimeout, $"the grader did not finish within {DurationText.Format(cell.Timeouts.Grader)}");
        if (run.OomKilled)
        {
            return CellOutcome.Error(ErrorKind.GraderError,
                $"the grader was OOM-killed at the {ByteSizeText.Format(cell.Limits.MemoryBytes)} memory limit; raise the task's resources.memory");
        }
        return run.ExitCode switch
        {
            null => CellOutcome.Error(ErrorKind.GraderError, "the grader container stopped without an exit code"),
            0 => CellOutcome.Pass,
            126 => CellOutcome.Error(ErrorKind.GraderError, "test.sh exited 126: a command it ran is not executable"),
            127 => CellOutcome.Error(ErrorKind.GraderError, "test.sh exited 127: a command it ran was not found (missing from the toolchain image?)"),
            var code => new CellOutcome(Verdict.Fail, null, $"the grader exited {code}"),
        };
    }

    private static string Code(int? code) => code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
}
