using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using HarnessBench.Core.Trajectories;

namespace HarnessBench.Cli.Viewer;

/// <summary>
/// A plausible cell folder for a synthetic run (`hbench bench view` and the viewer's tests): a
/// trajectory of a tool-using session, a gateway transcript, the driver's evidence, logs and a
/// workspace that differs from a seed. Deterministic for the same arguments.
/// </summary>
internal static class SyntheticCellFolder
{
    /// <param name="turns">Model turns; each is a message, a tool call and its result (three events).</param>
    public static void Write(string cellDirectory, string seedWorkspace, int turns, string? hostile = null)
    {
        Directory.CreateDirectory(cellDirectory);
        var events = new List<TrajectoryEvent>
        {
            new() { Step = 0, Actor = TrajectoryActor.Harness, Kind = TrajectoryEventKind.SessionStart, Text = "/workspace", Model = "synthetic", Tools = ["bash", "read", "write"] },
        };
        var t0 = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < turns; i++)
        {
            var at = t0.AddSeconds(i * 3);
            var command = i % 3 == 0 ? $"python3 -m pytest -q tests/test_{i}.py" : $"sed -n '1,{40 + i}p' src/module_{i % 7}.py";
            var output = string.Join('\n', Enumerable.Range(0, 8 + i % 40).Select(n => $"line {n}: def function_{n}(x): return x * {n}  # output of turn {i}"));
            events.Add(new() { Step = events.Count, Timestamp = at, Actor = TrajectoryActor.Model, Kind = TrajectoryEventKind.Message, Text = $"Turn {i}: I will inspect module {i % 7} and run the tests again." + (i == 1 && hostile is not null ? hostile : "") });
            events.Add(new()
            {
                Step = events.Count, Timestamp = at.AddSeconds(1), Actor = TrajectoryActor.Model, Kind = TrajectoryEventKind.ToolCall, ToolName = "bash", ToolCallId = $"call_{i}",
                Arguments = JsonSerializer.SerializeToElement(new { command = i == 2 && hostile is not null ? hostile : command }),
                ArgumentStrings = [command],
            });
            events.Add(new() { Step = events.Count, Timestamp = at.AddSeconds(2), Actor = TrajectoryActor.Tool, Kind = TrajectoryEventKind.ToolResult, ToolName = "bash", ToolCallId = $"call_{i}", Text = i == 3 && hostile is not null ? hostile : output, IsError = i % 11 == 5 });
        }

        if (hostile is not null)
        {
            // Every other field a harness log fills can carry the agent's text too.
            events.Add(new() { Step = events.Count, Actor = TrajectoryActor.Model, Kind = TrajectoryEventKind.Reasoning, Text = hostile });
            events.Add(new() { Step = events.Count, Actor = TrajectoryActor.Model, Kind = TrajectoryEventKind.ToolCall, ToolName = hostile, ToolCallId = hostile, Arguments = JsonSerializer.SerializeToElement(new Dictionary<string, string> { [hostile] = hostile }) });
            events.Add(new() { Step = events.Count, Actor = TrajectoryActor.Harness, Kind = TrajectoryEventKind.Error, Text = hostile });
        }

        events.Add(new() { Step = events.Count, Actor = TrajectoryActor.Harness, Kind = TrajectoryEventKind.SessionEnd, DurationMs = turns * 3000L, Tokens = new TokenCounts { Input = 120_000, Output = 9_000 } });
        File.WriteAllText(Path.Combine(cellDirectory, "trajectory.jsonl"), TrajectoryWriter.ToJsonl(events));

        using (var gzip = new GZipStream(File.Create(Path.Combine(cellDirectory, Transcript.FileName)), CompressionLevel.Fastest))
        using (var writer = new StreamWriter(gzip, new UTF8Encoding(false)))
        {
            for (var i = 0; i < Math.Max(1, turns / 3); i++)
            {
                var line = new
                {
                    ts = t0.AddSeconds(i * 9).ToString("O", CultureInfo.InvariantCulture), method = "POST", path = "/c/token/v1/chat/completions",
                    request = new { model = "synthetic", stream = false, messages = Enumerable.Range(0, 2 + 2 * i).Select(n => new { role = n % 2 == 0 ? "user" : "assistant", content = $"message {n}" }) },
                    status = 200,
                    response = new { choices = new[] { new { finish_reason = "tool_calls" } }, usage = new { prompt_tokens = 1500 + 700 * i, completion_tokens = 120 + i } },
                    duration_ms = 800 + 37 * i, error = (string?)null, seq = i + 1,
                };
                writer.WriteLine(JsonSerializer.Serialize(line));
            }
        }

        Directory.CreateDirectory(Path.Combine(cellDirectory, "evidence"));
        var evidence = new StringBuilder("{\"event\": \"start\", \"declared\": 10, \"budget_ms\": 60000}\n");
        for (var i = 0; i < 10; i++)
        {
            evidence.Append(CultureInfo.InvariantCulture, $"{{\"event\": \"check\", \"name\": \"case {i}\", \"passed\": {(i < 7 ? "true" : "false")}, \"detail\": \"{(i < 7 ? "" : $"expected {i}, got {i + 1}")}\"}}\n");
        }

        if (hostile is not null) evidence.Append(JsonSerializer.Serialize(new { @event = hostile, name = hostile, passed = false, detail = hostile })).Append('\n');
        File.WriteAllText(Path.Combine(cellDirectory, "evidence", "evidence.jsonl"), evidence.Append("{\"event\": \"finish\", \"passed\": 7, \"total\": 10}\n").ToString());
        File.WriteAllText(Path.Combine(cellDirectory, "agent.stdout.log"), string.Join('\n', events.Select(e => $"[{e.Step}] {e.Kind}")));
        File.WriteAllText(Path.Combine(cellDirectory, "agent.stderr.log"), "");
        File.WriteAllText(Path.Combine(cellDirectory, "grader.stdout.log"), "PASS case 0\nFAIL case 7: expected 7, got 8\n7/10 checks passed\n");

        Directory.CreateDirectory(seedWorkspace);
        var workspace = Path.Combine(cellDirectory, "workspace");
        Directory.CreateDirectory(workspace);
        for (var f = 0; f < 6; f++)
        {
            var seedLines = Enumerable.Range(0, 120).Select(n => $"def function_{f}_{n}(x):\n    return x + {n}").ToList();
            File.WriteAllText(Path.Combine(seedWorkspace, $"module_{f}.py"), string.Join('\n', seedLines) + "\n");
            if (f == 5) continue; // removed by the agent
            var edited = seedLines.Select((l, n) => n % (17 + f) == 3 ? l.Replace("x + ", "x * ", StringComparison.Ordinal) : l);
            File.WriteAllText(Path.Combine(workspace, $"module_{f}.py"), string.Join('\n', edited) + "\n");
        }

        File.WriteAllText(Path.Combine(workspace, "notes.md"), "# notes\n\nadded by the agent\n");
    }
}
