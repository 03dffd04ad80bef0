using System.Diagnostics;
using System.Text;
using System.Text.Json;
using HarnessBench.Core.Audit;
using HarnessBench.Core.Audit.Scanning;
using HarnessBench.Core.Trajectories;

namespace HarnessBench.Cli.Commands;

/// <summary>
/// `hbench bench audit`: throughput of the trajectory scanner and of the canary matcher on a
/// synthetic but realistic trajectory built in memory: shell commands, long tool outputs (test
/// logs, source files, listings), model text and reasoning, and a few peeks at the grader. Not a
/// test: figures depend on the machine; one warm-up pass is discarded, then best of N.
/// </summary>
internal static class AuditBenchmark
{
    private const string Canary = "hbc-bench-7d41c09e2b";

    public static int Run(int megabytes, int iterations, TextWriter output)
    {
        var stopwatch = Stopwatch.StartNew();
        var (events, payloadBytes, peekCalls) = Generate(megabytes * 1_000_000L);
        var peeks = peekCalls.Count;
        var context = new AuditContext("/workspace", ["/opt/hbench-decoys/tests"], Canary, "Fix the failing function in calc.py.", ["tests/test_calc.py"]);
        output.WriteLine($"audit benchmark: {events.Count:N0} events, {payloadBytes / 1e6:0.0} MB of text and arguments, {peeks} planted peeks (built in {stopwatch.Elapsed.TotalSeconds:0.0} s)");

        // The matcher's inputs: the same payload as one UTF-8 buffer (how a raw log is scanned) and as
        // strings (how event text is scanned). It is timed with a canary of the same shape that is
        // absent (the worst case: every byte is looked at); the planted one must be found.
        var buffer = Concatenate(events);
        Require(new CanaryMatcher(Canary).Find(buffer.AsSpan()) == "plain", "the planted canary was not found");
        var matcher = new CanaryMatcher("hbc-bench-0a9f37e5c1");
        var texts = events.Select(e => e.Text).OfType<string>().ToArray();
        var textBytes = texts.Sum(t => (long)Encoding.UTF8.GetByteCount(t));

        IReadOnlyList<AuditFinding> findings = [];
        var scanner = Best(iterations, () => findings = TrajectoryScanner.Scan(events, context));
        var bytes = Best(iterations, () => Require(matcher.Find(buffer.AsSpan()) is null));
        var chars = Best(iterations, () => Require(texts.All(t => matcher.Find(t.AsSpan()) is null)));
        var stream = Best(iterations, () =>
        {
            using var memory = new MemoryStream(buffer, writable: false);
            Require(matcher.Find(memory) is null);
        });

        output.WriteLine();
        output.WriteLine($"{"measurement (best of " + iterations + ")",-36} {"MB",8} {"seconds",8} {"MB/s",9}");
        Row(output, "trajectory scanner (1 thread)", payloadBytes, scanner);
        Row(output, "canary matcher, UTF-8 bytes", buffer.LongLength, bytes);
        Row(output, "canary matcher, event strings", textBytes, chars);
        Row(output, "canary matcher, stream (1 MiB chunks)", buffer.LongLength, stream);
        output.WriteLine();
        output.WriteLine($"scanner label {TrajectoryScanner.Label(findings).ToString().ToLowerInvariant()}, {findings.Count} findings "
            + $"({string.Join(", ", findings.GroupBy(f => f.Severity).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"))})");
        // Self-check: every planted peek (its call or its result) has a finding, and nothing else does.
        var flagged = findings.Select(f => f.EventIndex ?? -1).ToHashSet();
        var missed = peekCalls.Count(i => !flagged.Contains(i) && !flagged.Contains(i + 1));
        var stray = flagged.Count(i => !peekCalls.Contains(i) && !peekCalls.Contains(i - 1));
        if (missed > 0 || stray > 0)
        {
            output.WriteLine($"self-check failed: {missed} planted peeks without a finding, {stray} findings on honest events");
            foreach (var f in findings.Where(f => !peekCalls.Contains(f.EventIndex ?? -1) && !peekCalls.Contains((f.EventIndex ?? -1) - 1)).Take(5))
            {
                output.WriteLine($"  {f.Severity} {f.Detector} @{f.EventIndex}: {f.Snippet}");
            }
            return ExitCodes.InternalError;
        }
        return ExitCodes.Success;
    }

    private static void Row(TextWriter output, string name, long bytes, TimeSpan time) =>
        output.WriteLine($"{name,-36} {bytes / 1e6,8:0.0} {time.TotalSeconds,8:0.000} {bytes / 1e6 / time.TotalSeconds,9:N0}");

    private static void Require(bool condition, string problem = "the canary matched text that does not contain it")
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Audit benchmark self-check failed: {problem}.");
        }
    }

    private static TimeSpan Best(int iterations, Action action)
    {
        action(); // warm-up (JIT, tiering)
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            best = watch.Elapsed < best ? watch.Elapsed : best;
        }
        return best;
    }

    private static byte[] Concatenate(List<TrajectoryEvent> events)
    {
        var strings = events.SelectMany(e => (e.ArgumentStrings ?? []).Append(e.Text ?? "")).ToList();
        var buffer = new byte[strings.Sum(s => (long)Encoding.UTF8.GetByteCount(s) + 1)];
        var at = 0;
        foreach (var s in strings)
        {
            at += Encoding.UTF8.GetBytes(s, buffer.AsSpan(at));
            buffer[at++] = (byte)'\n';
        }
        return buffer;
    }

    private static (List<TrajectoryEvent> Events, long PayloadBytes, HashSet<int> PeekCalls) Generate(long target)
    {
        var random = new Random(20261123);
        var events = new List<TrajectoryEvent>();
        long size = 0;
        var peeks = new HashSet<int>();
        var spacing = (int)Math.Max(2, target / (10 * 9_300));
        var call = 0;
        while (size < target)
        {
            // About ten peeks spread over the whole trajectory (a call with its text is ~9 KB on average).
            var peek = call % spacing == spacing - 1;
            var command = peek ? SyntheticText.Peeks[peeks.Count % SyntheticText.Peeks.Length] : SyntheticText.Commands[random.Next(SyntheticText.Commands.Length)];
            // Every text is generated anew: 200 MB of distinct strings, so that the scan reads memory
            // the way it does on a real trajectory instead of re-reading a few cached megabytes.
            var text = SyntheticText.Prose(random);
            var result = SyntheticText.ToolOutput(random);
            if (peek)
            {
                result = $"#!/bin/sh\n# {Canary}\n{result}";
            }
            var id = $"call_{++call}";
            var arguments = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["command"] = command, ["description"] = "run it" });
            events.Add(new TrajectoryEvent { Step = events.Count, Actor = TrajectoryActor.Model, Kind = random.Next(3) == 0 ? TrajectoryEventKind.Reasoning : TrajectoryEventKind.Message, Text = text });
            if (peek)
            {
                peeks.Add(events.Count);
            }
            events.Add(new TrajectoryEvent { Step = events.Count, Actor = TrajectoryActor.Model, Kind = TrajectoryEventKind.ToolCall, ToolName = "Bash", ToolCallId = id, Arguments = arguments, ArgumentStrings = [command, "run it"] });
            events.Add(new TrajectoryEvent { Step = events.Count, Actor = TrajectoryActor.Tool, Kind = TrajectoryEventKind.ToolResult, ToolName = "Bash", ToolCallId = id, Text = result });
            size += Encoding.UTF8.GetByteCount(text) + Encoding.UTF8.GetByteCount(command) + 6 + Encoding.UTF8.GetByteCount(result);
        }
        return (events, size, peeks);
    }
}
