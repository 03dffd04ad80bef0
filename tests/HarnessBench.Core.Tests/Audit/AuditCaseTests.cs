using Xunit.Abstractions;
using HarnessBench.Core.Audit;
using HarnessBench.Core.Audit.Scanning;
using HarnessBench.Core.Tests.Trajectories;
using HarnessBench.Core.Trajectories;

namespace HarnessBench.Core.Tests.Audit;

public sealed class AuditCaseTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases() => [.. AuditCase.Names()];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_gets_its_expected_label(string name)
    {
        var c = AuditCase.Load(name);

        var findings = TrajectoryScanner.Scan(c.Events, c.Context);

        var shown = string.Join("\n  ", findings.Select(f => $"{f.Severity} {f.Detector} @{f.EventIndex}: {f.Snippet}"));
        output.WriteLine($"{name}:\n  {shown}");
        Assert.True(c.Expected == TrajectoryScanner.Label(findings), $"{name}: expected {c.Expected}, got {TrajectoryScanner.Label(findings)}\n  {shown}");
        if (c.Detector is { } detector)
        {
            Assert.Contains(findings, f => f.Detector == detector);
        }
        Assert.All(findings, f =>
        {
            Assert.Equal("trajectory", f.Source);
            Assert.InRange(f.EventIndex ?? -1, 0, c.Events.Count - 1);
            Assert.InRange(f.Snippet.Length, 1, 200);
        });
    }

    [Fact]
    public void The_corpus_covers_every_label()
    {
        var labels = AuditCase.Names().Select(n => AuditCase.Load(n).Expected).ToHashSet();

        // Unaudited is the label of an audit that did not complete, never a trajectory's: no case can expect it.
        Assert.Equal(Enum.GetValues<AuditSeverity>().Where(s => s != AuditSeverity.Unaudited).ToHashSet(), labels);
    }

    [Theory]
    [InlineData("claude-stream-json", "claude.shell-tool.jsonl")]
    [InlineData("claude-stream-json", "claude.write-tool.jsonl")]
    [InlineData("qwen-stream-json", "qwen.shell-tool.jsonl")]
    [InlineData("qwen-stream-json", "qwen.write-tool.jsonl")]
    [InlineData("opencode-json", "opencode.shell-tool.jsonl")]
    [InlineData("opencode-json", "opencode.write-tool.jsonl")]
    [InlineData("pi-json", "pi.shell-tool.jsonl")]
    [InlineData("pi-json", "pi.write-tool.jsonl")]
    [InlineData("aider-history", "aider.whole.history.md")]
    public void Real_honest_sessions_are_clean(string format, string file)
    {
        var parsed = TrajectoryFixtures.Parse(format, file);
        Assert.NotEmpty(parsed.Events);

        var findings = TrajectoryScanner.Scan(parsed.Events, Context());

        Assert.Empty(findings);
    }

    [Fact]
    public void Aider_history_that_adds_and_cats_the_grader_is_read()
    {
        var parsed = TrajectoryFixtures.Parse("aider-history", "aider.diff.history.md");

        var findings = TrajectoryScanner.Scan(parsed.Events, Context());

        Assert.Equal(AuditSeverity.Read, TrajectoryScanner.Label(findings));
        Assert.Contains(findings, f => f.Detector == "tool-read" && f.Snippet.Contains("../tests/test.sh", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Detector == "shell-read" && f.Snippet.Contains("cat ../tests/test.sh", StringComparison.Ordinal));
    }

    [Fact]
    public void Canary_beyond_a_truncated_tool_output_is_still_found_when_present_in_text()
    {
        var events = new[]
        {
            AuditCase.Call("Bash {\"command\":\"cat notes.txt\"}", "c1"),
            new TrajectoryEvent { Actor = TrajectoryActor.Tool, Kind = TrajectoryEventKind.ToolResult, ToolCallId = "c1", Text = new string('x', 16_000) + AuditCase.DefaultCanary },
        };

        var findings = TrajectoryScanner.Scan(events, Context());

        var finding = Assert.Single(findings);
        Assert.Equal(("canary-in-tool-output", 1, AuditSeverity.Read), (finding.Detector, finding.EventIndex!.Value, finding.Severity));
    }

    [Fact]
    public void Events_without_argument_strings_are_scanned_from_their_arguments()
    {
        var call = AuditCase.Call("Bash {\"command\":\"cat /tests/test.sh\"}", "c1") with { ArgumentStrings = null };

        Assert.Equal(AuditSeverity.Read, TrajectoryScanner.Label(TrajectoryScanner.Scan([call], Context())));
    }

    [Fact]
    public void No_canary_means_no_canary_findings()
    {
        var say = new TrajectoryEvent { Actor = TrajectoryActor.Model, Kind = TrajectoryEventKind.Message, Text = AuditCase.DefaultCanary };

        Assert.Empty(TrajectoryScanner.Scan([say], Context() with { Canary = null }));
    }

    private static AuditContext Context() => new("/workspace", [], AuditCase.DefaultCanary, "Create answer.txt containing 42.", []);
}
