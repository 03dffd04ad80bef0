using System.CommandLine;
using HarnessBench.Core.Exporting;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Cli.Commands;

/// <summary>`hbench tasks export ID... --format harbor [--out DIR]`: HarnessBench tasks as Harbor tasks (the reverse of import). No engine needed.</summary>
internal static class TasksExportCommandLine
{
    public static Command Create()
    {
        var ids = new Argument<string[]>("ids") { Description = "Task ids.", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "The target format (harbor).", DefaultValueFactory = _ => "harbor" };
        format.AcceptOnlyFromAmong("harbor");
        var tasksDir = new Option<string?>("--tasks-dir") { Description = "Folder with one folder per task (default: tasks/)." };
        var outDir = new Option<string>("--out") { Description = "Where the exported task folders go.", DefaultValueFactory = _ => "exported" };
        var command = new Command("export", "Write HarnessBench tasks as Harbor tasks (instruction.md, task.toml, environment/Dockerfile from a public Debian image, tests/test.sh writing the reward, solution/solve.sh).")
        {
            ids, format, tasksDir, outDir,
        };
        command.SetAction(parse =>
        {
            var home = HomeDirectory.Find();
            var directory = parse.GetValue(tasksDir) ?? Path.Combine(home, "tasks");
            var load = TaskRepository.Load(directory);
            var wanted = parse.GetValue(ids) ?? [];
            var unknown = wanted.Where(id => load.Tasks.All(t => t.Id != id)).ToList();
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine($"hbench: no such valid task(s): {string.Join(", ", unknown)} in {directory}");
                return ExitCodes.Usage;
            }

            foreach (var task in load.Tasks.Where(t => wanted.Contains(t.Id)))
            {
                var written = HarborExporter.Export(task, Path.Combine(home, "containers"), Path.Combine(home, "tasks", "_lib"), parse.GetValue(outDir)!);
                Console.WriteLine($"exported {task.Id} -> {written} (harbor: instruction.md, task.toml, environment/, tests/test.sh, solution/solve.sh)");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
