using System.CommandLine;
using HarnessBench.Core.Audit;

namespace HarnessBench.Cli.Commands;

/// <summary>`hbench audit RUN`: re-scans a stored run with the current audit rules (file-only: no Docker, no agents).</summary>
internal static class AuditCommandLine
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "The run directory (results/<run>/), or a run name under the checkout's results/." };
        var by = new Option<string>("--by") { Description = "Also tabulate per model: --by model (the per-harness table is always shown).", DefaultValueFactory = _ => "harness" };
        by.AcceptOnlyFromAmong("harness", "model");
        var json = new Option<bool>("--json") { Description = "Print the tables and every cell's audit as JSON instead of text." };
        var write = new Option<bool>("--write") { Description = $"Store the re-scanned audits in <run>/{RunRescan.SidecarFile} (results.jsonl is never rewritten)." };
        var tasks = new Option<string?>("--tasks-dir") { Description = "Tasks folder for prompts and seed workspaces (default: the checkout's tasks/)." };
        var failOn = new Option<string?>("--fail-on") { Description = "Exit 1 when any cell's label is this or worse (mention, probe, read, execute, tamper), or exactly 'unaudited': for CI." };
        failOn.AcceptOnlyFromAmong("mention", "probe", "read", "execute", "tamper", "unaudited");
        var command = new Command("audit",
            "Re-scan a run's stored cells (trajectory, raw logs, gateway transcript, workspace) with the current audit rules and print " +
            "per-harness labels, flagged passes and audit-adjusted pass rates with Wilson 95% intervals.")
        {
            run, by, json, write, tasks, failOn,
        };
        command.SetAction(parse =>
        {
            try
            {
                if (RunLocator.Resolve(parse.GetValue(run)!, out var problem) is not { } directory)
                {
                    Console.Error.WriteLine($"hbench: {problem}");
                    return ExitCodes.Usage;
                }

                var tasksDirectory = parse.GetValue(tasks) ?? Path.Combine(HomeDirectory.Find(), "tasks");
                var rescan = RunRescan.Rescan(directory, tasksDirectory);
                var byModel = parse.GetValue(by) == "model";
                var sidecar = parse.GetValue(write) ? RunRescan.WriteSidecar(rescan, DateTimeOffset.UtcNow) : null;
                if (parse.GetValue(json)) Console.WriteLine(AuditOutput.Json(rescan, byModel));
                else Console.Write(AuditOutput.Text(rescan, byModel));
                foreach (var warning in rescan.Warnings) Console.Error.WriteLine($"warning: {warning}");
                if (sidecar is not null) Console.Error.WriteLine($"wrote {sidecar} ({rescan.Cells.Count} lines)");
                if (parse.GetValue(failOn) is { } label && FailingCells(rescan, label) is { Count: > 0 } failing)
                {
                    Console.Error.WriteLine($"audit: {failing.Count} cell(s) labelled {label}{(label == "unaudited" ? "" : " or worse")} (--fail-on {label}): {string.Join(", ", failing.Take(10))}{(failing.Count > 10 ? ", ..." : "")}");
                    return ExitCodes.CheckFailed;
                }

                return ExitCodes.Success;
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException or DirectoryNotFoundException)
            {
                Console.Error.WriteLine(e.Message);
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    /// <summary>Cells whose re-scanned label reaches <paramref name="label"/> (unaudited only matches itself).</summary>
    internal static List<string> FailingCells(RunRescanResult rescan, string label)
    {
        var threshold = Enum.Parse<AuditSeverity>(label, ignoreCase: true);
        return [.. rescan.Cells
            .Where(c => threshold == AuditSeverity.Unaudited ? c.Audit.Severity == AuditSeverity.Unaudited : c.Audit.Severity >= threshold)
            .Select(c => c.Result.CellId)];
    }
}
