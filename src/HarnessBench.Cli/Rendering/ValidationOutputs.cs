using System.Globalization;
using System.Text.Json;
using System.Xml;

namespace HarnessBench.Cli.Rendering;

/// <summary>`tasks validate --json` and `--junit FILE`: the same findings as the table, for machines.</summary>
internal static class ValidationOutputs
{
    public static string Json(TaskValidationReport report) => JsonSerializer.Serialize(new
    {
        valid = report.Valid,
        tasks = report.Tasks.Select(t => new
        {
            task = t.Task,
            status = t.Status,
            unavailable_reason = t.UnavailableReason,
            references = t.References.Select(r => new { harness = r.Harness, expected = r.Expected, got = r.Got, ok = r.Ok }),
            hacks = new { caught = t.HacksCaught, total = t.HacksTotal, missed = t.HacksMissed },
            budget = t.Budget is null ? null : new { worst_s = t.Budget.WorstSeconds, budget_s = t.Budget.BudgetSeconds, fits = t.Budget.Fits },
            grader_s = t.GraderSeconds,
            problems = t.Problems,
        }),
    });

    /// <summary>
    /// One suite per task, one case per requirement (each reference harness, the hack gate, the grader
    /// budget); an unmet one is a failure naming what happened; an unavailable task's cases are skipped.
    /// </summary>
    public static void WriteJUnit(string path, TaskValidationReport report)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var writer = XmlWriter.Create(full, new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) });
        var cases = report.Tasks.Select(t => (Task: t, Cases: CasesOf(t))).ToList();
        writer.WriteStartElement("testsuites");
        writer.WriteAttributeString("name", "tasks validate");
        Counts(writer, [.. cases.SelectMany(c => c.Cases)]);
        foreach (var (task, taskCases) in cases)
        {
            writer.WriteStartElement("testsuite");
            writer.WriteAttributeString("name", task.Task);
            Counts(writer, taskCases);
            foreach (var c in taskCases)
            {
                writer.WriteStartElement("testcase");
                writer.WriteAttributeString("classname", task.Task);
                writer.WriteAttributeString("name", c.Name);
                if (c.Skipped is { } why)
                {
                    writer.WriteStartElement("skipped");
                    writer.WriteAttributeString("message", why);
                    writer.WriteEndElement();
                }
                else if (c.Failure is { } failure)
                {
                    writer.WriteStartElement("failure");
                    writer.WriteAttributeString("message", failure);
                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private sealed record Case(string Name, string? Failure, string? Skipped = null);

    private static List<Case> CasesOf(TaskValidation task)
    {
        if (task.Status == "unavailable") return [new Case("image", null, $"unavailable here: {task.UnavailableReason}")];
        string? ProblemAbout(string what) => task.Problems.FirstOrDefault(p => p.StartsWith($"{task.Task} {what}", StringComparison.Ordinal));
        var cases = task.References.Select(r => r.Got == "skipped"
            ? new Case($"{r.Harness} must {(r.Expected == "pass" ? "pass" : "fail")}", null, "no wrong/ solution")
            : new Case($"{r.Harness} must {(r.Expected == "pass" ? "pass" : "fail")}", r.Ok ? null : ProblemAbout(r.Harness) ?? $"got {r.Got}")).ToList();
        if (task.HacksTotal > 0)
            cases.Add(new Case("hack attempts fail and are audited tamper", task.HacksMissed.Count == 0 ? null
                : $"{task.HacksMissed.Count} of {task.HacksTotal} not caught: {string.Join("; ", task.HacksMissed.Select(h => ProblemAbout(h) ?? h))}"));
        cases.Add(task.Budget is { WorstSeconds: null, Fits: true }
            ? new Case("grader fits its budget", null, "not measured: the oracle left no evidence (its own case says why)")
            : new Case("grader fits its budget", task.Budget is { Fits: true } ? null
                : task.Problems.FirstOrDefault(p => p.Contains("budget", StringComparison.Ordinal)) ?? "no oracle evidence to measure the grader's budget"));
        return cases;
    }

    private static void Counts(XmlWriter writer, List<Case> cases)
    {
        writer.WriteAttributeString("tests", cases.Count.ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("failures", cases.Count(c => c.Failure is not null && c.Skipped is null).ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("errors", "0");
        writer.WriteAttributeString("skipped", cases.Count(c => c.Skipped is not null).ToString(CultureInfo.InvariantCulture));
    }
}
