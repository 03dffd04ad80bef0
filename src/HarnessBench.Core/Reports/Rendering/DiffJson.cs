using System.Text.Json;

namespace HarnessBench.Core.Reports.Rendering;

/// <summary>`hbench diff --json`: the same content as <see cref="DiffMarkdown"/>, for machines.</summary>
public static class DiffJson
{
    public static string Render(DiffResult d)
    {
        ArgumentNullException.ThrowIfNull(d);
        static object Change(VerdictChange c) => new
        {
            model = c.Cell.Model,
            harness = c.Cell.Harness,
            task = c.Cell.Task,
            repeat = c.Cell.Repeat,
            before = c.Before.ToString().ToLowerInvariant(),
            after = c.After.ToString().ToLowerInvariant(),
            after_error = c.AfterError is { } k ? ReportLayout.Kebab(k) : null,
        };
        return JsonSerializer.Serialize(new
        {
            run_a = d.RunA,
            run_b = d.RunB,
            common = d.Common,
            regression = d.IsRegression,
            task_sets_differ = d.TaskSetsDiffer,
            tasks_only_in_a = d.TasksOnlyInA,
            tasks_only_in_b = d.TasksOnlyInB,
            pass_to_fail = d.PassToFail.Select(Change),
            flagged_pass_to_fail = d.FlaggedPassToFail.Select(Change),
            fail_to_pass = d.FailToPass.Select(Change),
            to_or_from_error = d.ToOrFromError.Select(Change),
            rates = d.Rates.Select(r => new
            {
                model = r.Model,
                harness = r.Harness,
                before = r.Before.Value,
                before_trials = r.Before.Trials,
                after = r.After.Value,
                after_trials = r.After.Trials,
                change_pp = r.Delta is { } delta ? Math.Round(delta * 100, 1) : (double?)null,
                significant_drop = r.SignificantDrop,
            }),
            new_cells = d.New.Select(k => k.ToString()),
            missing_cells = d.Missing.Select(k => k.ToString()),
        });
    }
}
