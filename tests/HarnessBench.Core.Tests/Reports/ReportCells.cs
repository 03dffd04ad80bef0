using HarnessBench.Core.Reports;
using HarnessBench.Core.Results;

namespace HarnessBench.Core.Tests.Reports;

/// <summary>Small hand-made cells for report tests.</summary>
internal static class ReportCells
{
    private static readonly DateTimeOffset Start = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);

    public static ReportCell Cell(string model, string harness, string task, Verdict verdict, int repeat = 1, long agentMs = 1000,
        ErrorKind? error = null, CellMetering? metering = null, CellAudit? audit = null, string run = "run-a") =>
        new(run, $"{model}__{harness}__{task}__r{repeat}", model, harness, task, repeat, verdict,
            verdict == Verdict.Error ? error ?? ErrorKind.AgentTimeout : null,
            new CellTimings(1, agentMs, 100, agentMs + 200, agentMs, 50, 150), "python", "easy", null, null,
            metering, audit, null, Start, Start.AddMilliseconds(agentMs + 200));

    public static ReportInput Input(params ReportCell[] cells) => new("test-bench", ["run-a"], "test-host", cells, []);
}
