using HarnessBench.Core.Audit;
using HarnessBench.Core.Reports;
using HarnessBench.Core.Results;

namespace HarnessBench.Core.Tests.Audit;

/// <summary>The audit record in a result line: written by the pipeline, read back by reports (fast reader) and the store.</summary>
public sealed class AuditResultLineTests
{
    private static CellResult WithAudit() => Results.JsonlResultStoreTests.Sample("c1") with
    {
        Audit = new Core.Audit.CellAudit(AuditSeverity.Execute,
            [
                new AuditFinding(AuditSeverity.Read, "shell-read", "trajectory", 3, "cat /tests/test.sh"),
                new AuditFinding(AuditSeverity.Execute, "shell-execute", "trajectory", 5, "bash /tests/test.sh"),
            ], true, "standard", 1)
        {
            Canary = "HBC-0123456789abcdef01234567",
            GraderPaths = ["/tests", "/grader"],
        },
    };

    [Fact]
    public void Reports_read_the_label_the_findings_and_the_layout()
    {
        var (result, extras, error) = ResultLineParser.Parse(ResultJson.Serialize(WithAudit()));

        Assert.Null(error);
        Assert.NotNull(result);
        var audit = extras!.Audit!;
        Assert.Equal("execute", audit.Severity);
        Assert.Equal("standard", audit.Decoys);
        Assert.Equal(["read shell-read (trajectory #3): cat /tests/test.sh", "execute shell-execute (trajectory #5): bash /tests/test.sh"], audit.Findings);
        Assert.Equal(4, AuditSeverities.Rank(audit.Severity));
    }

    [Fact]
    public void The_line_round_trips_whole_and_a_line_without_audit_omits_the_key()
    {
        var line = ResultJson.Serialize(WithAudit());
        var text = System.Text.Encoding.UTF8.GetString(line);
        Assert.Contains("\"audit\":{\"severity\":\"execute\",\"findings\":[{\"severity\":\"read\",\"detector\":\"shell-read\",\"source\":\"trajectory\",\"event_index\":3", text, StringComparison.Ordinal);
        Assert.Contains("\"read_before_final_answer\":true", text, StringComparison.Ordinal);
        var back = ResultJson.Deserialize(line).Audit!;
        Assert.Equal((AuditSeverity.Execute, 2, "HBC-0123456789abcdef01234567"), (back.Severity, back.Findings.Count, back.Canary));
        Assert.Equal(["/tests", "/grader"], back.GraderPaths);

        Assert.DoesNotContain("\"audit\"", System.Text.Encoding.UTF8.GetString(ResultJson.Serialize(Results.JsonlResultStoreTests.Sample("c2"))), StringComparison.Ordinal);
    }
}
