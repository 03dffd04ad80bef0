using HarnessBench.Core.Pipeline;

namespace HarnessBench.Core.Tests.Support;

/// <summary>A grader driver's evidence for one check (the shape tasks/_lib/hbgrade.py writes), for fake graders.</summary>
public static class FakeEvidence
{
    public static GraderEvidence Of(bool passed) =>
        new(true, true, [new EvidenceCheck("check 1", passed, passed ? "" : "got 1")], new EvidenceFinish(1, passed ? 1 : 0, 1, 1000, null), null, null);
}
