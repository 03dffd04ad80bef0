using System.CommandLine;
using System.Globalization;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Results;
using HarnessBench.Core.Trajectories;

namespace HarnessBench.Cli.Commands;

/// <summary>`hbench show CELL_ID [--run RUN]`: one cell in the terminal: verdict and why, checks, audit, the trajectory condensed.</summary>
internal static class ShowCommand
{
    private const int TextWidth = 110;

    public static Command Create()
    {
        var cellId = new Argument<string>("cell") { Description = "The cell id (e.g. scripted-oracle__claude__py-word-freq__r1)." };
        var run = new Option<string?>("--run") { Description = "Run name or directory (default: the most recent run that has the cell)." };
        var events = new Option<int>("--events") { Description = "Trajectory events to show (the first and last ones; 0 = all).", DefaultValueFactory = _ => 40 };
        var command = new Command("show", "Show one cell: verdict and why, checks, grader output, audit findings and the trajectory, condensed.") { cellId, run, events };
        command.SetAction(parse =>
        {
            var id = parse.GetValue(cellId)!;
            string? directory;
            string? problem = null;
            if (parse.GetValue(run) is { } named) directory = RunLocator.Resolve(named, out problem);
            else directory = RunLocator.Known().FirstOrDefault(d => Latest(d).ContainsKey(id));
            if (directory is null)
            {
                Console.Error.WriteLine($"hbench: {problem ?? $"no run under results/ has a cell '{id}'; pass --run RUN"}");
                return ExitCodes.Usage;
            }

            if (!Latest(directory).TryGetValue(id, out var result))
            {
                var similar = Latest(directory).Keys.Where(k => k.Contains(id, StringComparison.OrdinalIgnoreCase)).Take(5).ToList();
                Console.Error.WriteLine($"hbench: run {Path.GetFileName(directory)} has no cell '{id}'" + (similar.Count > 0 ? $"; did you mean {string.Join(", ", similar)}?" : ""));
                return ExitCodes.Usage;
            }

            Print(result, directory, parse.GetValue(events), Console.Out);
            return ExitCodes.Success;
        });
        return command;
    }

    internal static void Print(CellResult r, string runDirectory, int maxEvents, TextWriter o)
    {
        var paths = CellPaths.For(runDirectory, Core.Planning.CellId.Parse(r.CellId));
        o.WriteLine($"cell      {r.CellId}   (run {Path.GetFileName(runDirectory)}, {r.FinishedAt:yyyy-MM-dd HH:mm} UTC)");
        o.WriteLine($"verdict   {Rendering.VerdictText.Of(r)}{(r.FailReason ?? r.ErrorMessage) switch { null => "", var why => ": " + why }}");
        if (r.Checks is { } c)
        {
            o.WriteLine($"checks    {c.Passed}/{c.Declared} passed ({c.Total} recorded{(c.Finished ? "" : ", the driver did not finish")})");
            foreach (var failed in c.Failed.Take(8)) o.WriteLine($"          FAIL {Cut(failed)}");
        }

        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"times     agent {r.Timings.AgentMs / 1000.0:F1} s, grader {r.Timings.GradeMs / 1000.0:F1} s, total {r.Timings.TotalMs / 1000.0:F1} s"));
        o.WriteLine($"harness   {r.Harness}{(r.HarnessVersion is null ? "" : " " + r.HarnessVersion)}; model {r.Model}; images {r.Images.Agent?.Id ?? "-"} / {r.Images.Grader?.Id ?? "-"}");
        if (r.Graded is { } g) o.WriteLine($"graded    {string.Join(", ", g.Surface)}" + (g.IgnoredCount > 0 ? $"; ignored {g.IgnoredCount} change(s) outside the surface: {string.Join(", ", g.Ignored.Take(6))}" : ""));
        if (r.Audit is { } a)
        {
            o.WriteLine($"audit     {a.Severity.ToString().ToLowerInvariant()} ({a.Findings.Count} finding(s)){(a.Error is null ? "" : "; " + a.Error)}");
            foreach (var f in a.Findings.OrderByDescending(f => f.Severity).Take(8))
                o.WriteLine($"          {f.Severity.ToString().ToLowerInvariant(),-8} {f.Detector} ({f.Source}{(f.EventIndex is { } e ? " #" + e : "")}): {Cut(f.Snippet)}");
        }

        if (!string.IsNullOrWhiteSpace(r.GraderStdoutTail))
        {
            o.WriteLine("grader    (last lines)");
            foreach (var line in r.GraderStdoutTail.TrimEnd().Split('\n').TakeLast(6)) o.WriteLine($"          {Cut(line)}");
        }

        Trajectory(paths.Trajectory, maxEvents, o);
        o.WriteLine($"files     {Path.GetRelativePath(Environment.CurrentDirectory, paths.Root)}/ (workspace/, agent.*.log, grader.*.log, evidence/, trajectory.jsonl)");
    }

    private static void Trajectory(string path, int maxEvents, TextWriter o)
    {
        if (!File.Exists(path)) return;
        IReadOnlyList<TrajectoryEvent> events;
        using (var reader = File.OpenText(path)) events = TrajectoryReader.Read(reader);
        o.WriteLine($"trajectory ({events.Count} events)");
        var shown = maxEvents <= 0 || events.Count <= maxEvents ? events : [.. events.Take(maxEvents / 2), .. events.TakeLast(maxEvents - maxEvents / 2)];
        var previous = -1;
        foreach (var e in shown)
        {
            if (previous >= 0 && e.Step > previous + 1) o.WriteLine($"          ... {e.Step - previous - 1} event(s) ...");
            previous = e.Step;
            var what = e.Kind switch
            {
                TrajectoryEventKind.ToolCall => $"{e.ToolName}: {string.Join(" ", e.ArgumentStrings ?? [])}",
                TrajectoryEventKind.ToolResult => $"-> {e.Text}",
                _ => e.Text ?? "",
            };
            o.WriteLine($"  #{e.Step,-3} {e.Actor.ToString().ToLowerInvariant(),-7} {e.Kind.ToString().ToLowerInvariant(),-10} {Cut(what)}");
        }
    }

    private static IReadOnlyDictionary<string, CellResult> Latest(string runDirectory) =>
        JsonlResultStore.Read(Path.Combine(runDirectory, JsonlResultStore.FileName)).Latest;

    private static string Cut(string text)
    {
        var line = text.ReplaceLineEndings(" ⏎ ");
        return line.Length <= TextWidth ? line : line[..TextWidth] + "…";
    }
}
