using System.CommandLine;
using System.Text.Json;
using HarnessBench.Core.Importing;

namespace HarnessBench.Cli.Commands;

/// <summary>
/// `hbench tasks import SOURCE... [--format harbor|terminal-bench] [--into tasks/] [--json]`: Terminal-Bench
/// v1 and Harbor task folders (or folders of them) into HarnessBench tasks. No engine needed: images are
/// built when a cell first needs them (or by `hbench images build --tasks`).
/// </summary>
internal static class TasksImportCommandLine
{
    public static Command Create()
    {
        var sources = new Argument<string[]>("sources") { Description = "Task folders, or folders holding task folders.", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string?>("--format") { Description = "harbor or terminal-bench (default: detected per task: task.toml + instruction.md is Harbor, task.yaml is Terminal-Bench)." };
        format.AcceptOnlyFromAmong("harbor", "terminal-bench");
        var into = new Option<string?>("--into") { Description = "The tasks folder to write to (default: tasks/). A folder elsewhere gets a copy of tasks/_lib." };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };
        var repository = new Option<string?>("--source-repo") { Description = "The source repository for IMPORT.md (default: found next to the source)." };
        var commit = new Option<string?>("--commit") { Description = "The source commit for IMPORT.md (default: the source's git HEAD or its README)." };
        var license = new Option<string?>("--license") { Description = "The source's license for IMPORT.md (default: found next to the source)." };
        var command = new Command("import", "Convert Terminal-Bench v1 or Harbor tasks into HarnessBench tasks (IMPORT.md in each says what was adapted); refuse what cannot run here, with the reason.")
        {
            sources, format, into, json, repository, commit, license,
        };
        command.SetAction(parse =>
        {
            var home = HomeDirectory.Find();
            var target = parse.GetValue(into) ?? Path.Combine(home, "tasks");
            var given = parse.GetValue(repository) ?? parse.GetValue(commit) ?? parse.GetValue(license);
            var options = new ImportOptions(target, Path.Combine(home, "tasks", "_lib"), parse.GetValue(format))
            {
                Provenance = given is null ? null : new Provenance(parse.GetValue(repository), parse.GetValue(commit), parse.GetValue(license)),
            };
            var folders = new List<string>();
            foreach (var source in parse.GetValue(sources) ?? [])
            {
                var found = TaskImporter.FindTasks(source);
                if (found.Count == 0)
                {
                    Console.Error.WriteLine($"hbench: {source} is not a Terminal-Bench or Harbor task, nor a folder of them");
                    return ExitCodes.Usage;
                }
                folders.AddRange(found);
            }

            Directory.CreateDirectory(target);
            var results = folders.Select(f => TaskImporter.Import(f, options)).ToList();
            if (parse.GetValue(json)) Console.WriteLine(Json(results, target));
            else Print(results, target);
            return results.Any(r => r.Status == ImportStatus.Imported) ? ExitCodes.Success : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static void Print(List<ImportResult> results, string target)
    {
        var width = Math.Max(8, results.Max(r => r.Id.Length));
        foreach (var r in results)
        {
            Console.WriteLine(r.Status == ImportStatus.Imported
                ? $"imported  {r.Id.PadRight(width)}  {r.Toolchain,-16} {r.Checks,3} check(s)" + (r.NeedsIndex.Count > 0 ? $"  needs the Python package index for {string.Join(", ", r.NeedsIndex)} (task-unavailable where it is unreachable)" : "")
                : $"refused   {r.Id.PadRight(width)}  {ImportRefusedException.Describe(r.Kind ?? RefusalKind.NotATask)}: {r.Reason}");
        }
        var refused = results.Where(r => r.Status == ImportStatus.Refused).GroupBy(r => ImportRefusedException.Describe(r.Kind ?? RefusalKind.NotATask)).Select(g => $"{g.Key} {g.Count()}");
        var imported = results.Count(r => r.Status == ImportStatus.Imported);
        Console.WriteLine($"{results.Count} task(s): {imported} imported into {target}, {results.Count - imported} refused" + (imported < results.Count ? $" ({string.Join(", ", refused)})" : ""));
        if (imported > 0) Console.WriteLine($"next: ./hbench tasks validate --tasks-dir {target} {string.Join(' ', results.Where(r => r.Status == ImportStatus.Imported).Select(r => r.Id))}");
    }

    private static string Json(List<ImportResult> results, string target) => JsonSerializer.Serialize(new
    {
        into = target,
        imported = results.Count(r => r.Status == ImportStatus.Imported),
        refused = results.Count(r => r.Status == ImportStatus.Refused),
        refused_by_reason = results.Where(r => r.Status == ImportStatus.Refused)
            .GroupBy(r => ImportRefusedException.Describe(r.Kind ?? RefusalKind.NotATask))
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
        tasks = results.Select(r => new
        {
            id = r.Id,
            source = r.Source,
            format = r.Format,
            status = r.Status == ImportStatus.Imported ? "imported" : "refused",
            reason_kind = r.Kind is { } k ? ImportRefusedException.Describe(k) : null,
            reason = r.Reason,
            directory = r.Directory,
            toolchain = r.Toolchain,
            checks = r.Status == ImportStatus.Imported ? r.Checks : (int?)null,
            needs_python_index = r.NeedsIndex,
        }),
    });
}
