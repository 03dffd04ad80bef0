using System.CommandLine;
using System.Text.Json;
using HarnessBench.Cli.Hosting;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Cli.Commands;

/// <summary>`hbench tasks list` and `hbench harnesses list`: what there is to run, as a table or JSON. No engine needed.</summary>
internal static class ListingCommands
{
    public static Command TasksList()
    {
        var tasksDir = new Option<string?>("--tasks-dir") { Description = "Folder with one folder per task (default: tasks/)." };
        var language = new Option<string?>("--language") { Description = "Only tasks of this language (e.g. python, c++)." };
        var difficulty = new Option<string?>("--difficulty") { Description = "Only tasks of this difficulty (easy, medium, hard)." };
        var tag = new Option<string?>("--tag") { Description = "Only tasks with this tag." };
        var toolchain = new Option<string?>("--toolchain") { Description = "Only tasks on this toolchain image." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("list", "List the tasks: id, language, difficulty, tags, toolchain, checks (and the invalid ones with their errors).")
        {
            tasksDir, language, difficulty, tag, toolchain, json,
        };
        command.SetAction(parse =>
        {
            var directory = parse.GetValue(tasksDir) ?? Path.Combine(HomeDirectory.Find(), "tasks");
            var load = TaskRepository.Load(directory);
            var tasks = load.Tasks.Where(t =>
                Is(parse.GetValue(language), t.Language) && Is(parse.GetValue(difficulty), t.Difficulty.ToString())
                && (parse.GetValue(tag) is not { } wanted || t.Tags.Contains(wanted, StringComparer.OrdinalIgnoreCase))
                && Is(parse.GetValue(toolchain), t.Toolchain)).ToList();
            var invalid = load.ErrorsByTask.Keys.Where(k => k.Length > 0).Order(StringComparer.Ordinal).ToList();
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    tasks = tasks.Select(t => new { id = t.Id, title = t.Title, language = t.Language, difficulty = t.Difficulty.ToString().ToLowerInvariant(), category = t.Category, tags = t.Tags, toolchain = t.Toolchain, checks = t.Checks, mode = t.SingleShot is null ? "agent" : "single-shot" }),
                    invalid = invalid.Select(id => new { id, errors = load.ErrorsByTask[id].Select(e => e.ToString()) }),
                }));
            }
            else
            {
                var width = Math.Max(4, tasks.Select(t => t.Id.Length).DefaultIfEmpty(0).Max());
                Console.WriteLine($"{"id".PadRight(width)}  {"language",-18} {"difficulty",-10} {"toolchain",-9} {"checks",6}  tags");
                foreach (var t in tasks)
                    Console.WriteLine($"{t.Id.PadRight(width)}  {t.Language,-18} {t.Difficulty.ToString().ToLowerInvariant(),-10} {t.Toolchain,-9} {t.Checks,6}  {string.Join(", ", t.Tags)}");
                Console.WriteLine($"{tasks.Count} task(s)" + (invalid.Count > 0 ? $"; {invalid.Count} invalid (`hbench tasks validate` prints why): {string.Join(", ", invalid)}" : ""));
            }

            return invalid.Count > 0 ? ExitCodes.CheckFailed : ExitCodes.Success;
        });
        return command;
    }

    public static Command Harnesses()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var list = new Command("list", "List the harnesses: name, version, kind and image layer.") { json };
        list.SetAction(parse =>
        {
            HarnessRegistry registry;
            try
            {
                registry = CliHarnessRegistry.Create();
            }
            catch (HarnessDefinitionsInvalidException e)
            {
                return ConfigErrorsOutput.Print(e.Errors, e.Directory);
            }

            var rows = registry.Names.Order(StringComparer.Ordinal).Select(registry.Get).Select(h => new
            {
                name = h.Name,
                version = h.Version,
                kind = h switch
                {
                    IReferenceHarness => "reference (no model)",
                    IInProcessAgent => "built-in agent loop",
                    _ => "agent CLI",
                },
                image = (h as ILayeredHarness)?.ImageLayer,
            }).ToList();
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(rows));
                return ExitCodes.Success;
            }

            Console.WriteLine($"{"name",-12} {"version",-10} {"kind",-22} image layer");
            foreach (var row in rows) Console.WriteLine($"{row.name,-12} {row.version ?? "-",-10} {row.kind,-22} {row.image ?? "-"}");
            return ExitCodes.Success;
        });
        return new Command("harnesses", "Inspect the harnesses (harnesses/<name>/harness.yaml and the built-ins).") { list };
    }

    private static bool Is(string? wanted, string value) => wanted is null || string.Equals(wanted, value, StringComparison.OrdinalIgnoreCase);
}
