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
        var command = new Command("audit",
            "Re-scan a run's stored cells (trajectory, raw logs, gateway transcript, workspace) with the current audit rules and print " +
            "per-harness labels, flagged passes and audit-adjusted pass rates with Wilson 95% intervals.")
        {
            run, by, json, write, tasks,
        };
        command.SetAction(parse =>
        {
            try
            {
                var directory = ResolveRun(parse.GetValue(run)!);
                var tasksDirectory = parse.GetValue(tasks) ?? Path.Combine(HomeDirectory.Find(), "tasks");
                var rescan = RunRescan.Rescan(directory, tasksDirectory);
                var byModel = parse.GetValue(by) == "model";
                var sidecar = parse.GetValue(write) ? RunRescan.WriteSidecar(rescan, DateTimeOffset.UtcNow) : null;
                if (parse.GetValue(json)) Console.WriteLine(AuditOutput.Json(rescan, byModel));
                else Console.Write(AuditOutput.Text(rescan, byModel));
                foreach (var warning in rescan.Warnings) Console.Error.WriteLine($"warning: {warning}");
                if (sidecar is not null) Console.Error.WriteLine($"wrote {sidecar} ({rescan.Cells.Count} lines)");
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

    private static string ResolveRun(string run)
    {
        if (Directory.Exists(run)) return Path.GetFullPath(run);
        var underResults = Path.Combine(HomeDirectory.Find(), "results", run);
        if (Directory.Exists(underResults)) return underResults;
        throw new DirectoryNotFoundException($"run '{run}' not found (neither a directory nor results/{run} in the checkout); pass results/<run>/");
    }
}
