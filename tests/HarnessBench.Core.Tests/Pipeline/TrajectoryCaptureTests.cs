using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Harnesses.Cli;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Tests.Trajectories;
using HarnessBench.Core.Trajectories;
using HarnessBench.Core.Trajectories.Parsers;

namespace HarnessBench.Core.Tests.Pipeline;

public class TrajectoryCaptureTests
{
    private static CliHarness Harness(string format, string? logFile = null) =>
        new(new HarnessDefinition("x", "1", "agents", "npm:x@1", ["x", "--version"], ["x"], new Dictionary<string, string>(), [], format, logFile));

    [Fact]
    public void The_harness_stdout_is_parsed_into_trajectory_jsonl()
    {
        using var dir = new TempDirectory();
        var paths = new CellPaths(dir.Path, dir.Combine("cell"));
        Directory.CreateDirectory(paths.Root);
        File.WriteAllText(paths.AgentStdout, TrajectoryFixtures.Text("claude.write-tool.jsonl"));

        var events = TrajectoryCapture.Capture(paths, Harness(TrajectoryParsers.ClaudeStreamJson));

        Assert.NotNull(events);
        Assert.Contains(events, e => e.Kind == TrajectoryEventKind.ToolCall && e.ToolName == "Write");
        using var reader = File.OpenText(paths.Trajectory);
        Assert.Equal(events.Count, TrajectoryReader.Read(reader).Count);
        Assert.False(File.Exists(Path.Combine(paths.Root, TrajectoryCapture.WarningsFile)));
    }

    [Fact]
    public void A_log_file_in_agent_logs_is_read_instead_of_stdout()
    {
        using var dir = new TempDirectory();
        var paths = new CellPaths(dir.Path, dir.Combine("cell"));
        Directory.CreateDirectory(paths.AgentLogs);
        File.WriteAllText(paths.AgentStdout, "aider's console output, not its history\n");
        File.WriteAllText(Path.Combine(paths.AgentLogs, "chat.history.md"), TrajectoryFixtures.Text("aider.whole.history.md"));

        var events = TrajectoryCapture.Capture(paths, Harness(TrajectoryParsers.AiderHistory, "chat.history.md"));

        Assert.NotNull(events);
        Assert.Contains(events, e => e.Kind == TrajectoryEventKind.ToolCall);
    }

    [Fact]
    public void Child_sessions_exported_by_the_harness_join_the_trajectory_with_their_parent()
    {
        using var dir = new TempDirectory();
        var paths = new CellPaths(dir.Path, dir.Combine("cell"));
        Directory.CreateDirectory(Path.Combine(paths.AgentLogs, TrajectoryCapture.SessionsDirectory));
        File.WriteAllText(paths.AgentStdout, TrajectoryFixtures.Text("opencode.shell-tool.jsonl"));
        File.WriteAllText(Path.Combine(paths.AgentLogs, TrajectoryCapture.SessionsDirectory, "ses_child01.json"), TrajectoryFixtures.Text("opencode.child-session.export.json"));
        File.WriteAllText(Path.Combine(paths.AgentLogs, TrajectoryCapture.SessionsDirectory, "broken.json"), "{ not json");

        var events = TrajectoryCapture.Capture(paths, Harness(TrajectoryParsers.OpenCodeJson))!;

        var child = events.Where(e => e.SessionId == "ses_child01").ToList();
        Assert.All(child, e => Assert.Equal("ses_root01", e.ParentId));
        var call = Assert.Single(child, e => e.Kind == TrajectoryEventKind.ToolCall && e.ToolName == "bash");
        Assert.Contains("ls ../tests", call.ArgumentStrings!);
        Assert.Contains(child, e => e.Kind == TrajectoryEventKind.ToolResult && e.Text == "test.sh\n");
        Assert.Contains(child, e => e.Kind == TrajectoryEventKind.ToolResult && e.IsError == true && e.Text!.Contains("/grader/test.sh", StringComparison.Ordinal));
        for (var i = 0; i < events.Count; i++) Assert.Equal(i, events[i].Step);
        Assert.Contains("broken.json", File.ReadAllText(Path.Combine(paths.Root, TrajectoryCapture.WarningsFile)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_trajectory_written_by_an_in_process_agent_is_kept()
    {
        using var dir = new TempDirectory();
        var paths = new CellPaths(dir.Path, dir.Combine("cell"));
        Directory.CreateDirectory(paths.Root);
        var own = new TrajectoryEvent { Actor = TrajectoryActor.Model, Kind = TrajectoryEventKind.Message, Text = "mine" };
        File.WriteAllText(paths.Trajectory, TrajectoryWriter.ToJsonl([own]));
        File.WriteAllText(paths.AgentStdout, TrajectoryFixtures.Text("claude.write-tool.jsonl"));

        var events = TrajectoryCapture.Capture(paths, Harness(TrajectoryParsers.ClaudeStreamJson));

        Assert.Equal("mine", Assert.Single(events!).Text);
    }

    [Fact]
    public void Built_in_harnesses_and_missing_logs_give_no_trajectory()
    {
        using var dir = new TempDirectory();
        var paths = new CellPaths(dir.Path, dir.Combine("cell"));
        Directory.CreateDirectory(paths.Root);

        Assert.Null(TrajectoryCapture.Capture(paths, HarnessRegistry.CreateWithBuiltIns().Get("oracle")));
        Assert.Null(TrajectoryCapture.Capture(paths, Harness(TrajectoryParsers.PiJson)));
        Assert.False(File.Exists(paths.Trajectory));
    }

    [Fact]
    public void The_export_parser_rejects_what_is_not_an_export()
    {
        Assert.NotNull(OpenCodeSessionExport.Parse("").Error);
        Assert.NotNull(OpenCodeSessionExport.Parse("{\"a\": 1}").Error);
        var root = OpenCodeSessionExport.Parse("""{ "info": { "id": "ses_root" }, "messages": [] }""");
        Assert.Null(root.Error);
        Assert.Null(root.ParentId);
    }
}
