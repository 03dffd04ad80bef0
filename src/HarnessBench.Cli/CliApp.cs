using System.CommandLine;
using HarnessBench.Cli.Commands;
using HarnessBench.Cli.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HarnessBench.Cli;

/// <summary>The command tree. Each command parses its options and hands a record to a hosted command.</summary>
internal static class CliApp
{
    private static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Log details to stderr.", Recursive = true };

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("HarnessBench: run coding-agent harnesses x models x tasks in sandboxed containers and grade them with hidden tests.")
        {
            Verbose, RunCommandLine.Create(Verbose), TasksCommand(), ImagesCommand(), DoctorCommand(), BenchCommand(),
            ReportCommandLine.Report(), ReportCommandLine.Diff(), AuditCommandLine.Create(),
            ProbeCommandLine.Create(Verbose), ListingCommands.Harnesses(), ScaffoldCommands.Init(), ShowCommand.Create(), Viewer.ViewCommandLine.Create(),
        };
        try
        {
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0 && !args.Any(a => a is "-h" or "--help" or "-?"))
            {
                // A bad command line is exit 2 with what was wrong and where the help is; not the whole help text.
                foreach (var error in parse.Errors) Console.Error.WriteLine($"hbench: {error.Message}");
                Console.Error.WriteLine($"Run `hbench {string.Join(' ', CommandPath(parse))} --help` for the options.".Replace("  ", " ", StringComparison.Ordinal));
                return ExitCodes.Usage;
            }

            // Our own signal handling (SignalLifetime) decides what Ctrl-C means.
            return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Cannot find the HarnessBench checkout", StringComparison.Ordinal))
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.Usage;
        }
    }

    private static Stack<string> CommandPath(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
            names.Push(result.Command.Name);
        return names;
    }

    private static Command TasksCommand()
    {
        var ids = new Argument<string[]>("ids") { Description = "Task ids (default: all).", Arity = ArgumentArity.ZeroOrMore };
        var tasksDir = new Option<string?>("--tasks-dir") { Description = "Folder with one folder per task (default: tasks/)." };
        var concurrency = new Option<int>("--concurrency", "-j") { Description = "Cells at the same time.", DefaultValueFactory = _ => 2 }.AtLeast(1);
        var noHacks = new Option<bool>("--no-hacks") { Description = "Skip the hack gate (the built-in subversion attempts); for quick iterations, not for CI." };
        var json = new Option<bool>("--json") { Description = "Print the findings as JSON on stdout (progress and the table go to stderr)." };
        var junit = new Option<string?>("--junit") { Description = "Also write the findings as a JUnit XML file (a suite per task, a case per requirement)." };
        var validate = new Command("validate", "Run oracle (must pass), nop, wrong and the hack gate's attempts (must fail; hacks audited tamper) on each task through the real pipeline.")
        {
            ids, tasksDir, concurrency, noHacks, json, junit,
        };
        validate.SetAction((parse, _) =>
        {
            var options = new ValidateOptions(parse.GetValue(tasksDir) ?? Path.Combine(HomeDirectory.Find(), "tasks"),
                parse.GetValue(ids) ?? [], Math.Max(1, parse.GetValue(concurrency)), Hacks: !parse.GetValue(noHacks),
                Json: parse.GetValue(json), JUnitFile: parse.GetValue(junit));
            return CommandHost.RunAsync<TasksValidateCommand>("tasks-validate", parse.GetValue(Verbose), s => s.AddSingleton(options));
        });
        return new Command("tasks", "List, create and validate tasks.") { ListingCommands.TasksList(), ScaffoldCommands.NewTask(), validate, TasksImportCommandLine.Create(), TasksExportCommandLine.Create() };
    }

    private static Command ImagesCommand()
    {
        Command Action(string name, string description, bool withForce)
        {
            var names = new Argument<string[]>("names") { Description = "Image names (default: all).", Arity = ArgumentArity.ZeroOrMore };
            var force = new Option<bool>("--force") { Description = "Rebuild even when the content hash is unchanged." };
            var command = new Command(name, description) { names };
            if (withForce)
            {
                command.Add(force);
                command.Add(TaskImagesBuild.Option);
            }

            command.SetAction((parse, _) =>
            {
                var options = new ImagesOptions(name, parse.GetValue(names) ?? [], withForce && parse.GetValue(force)) { TasksDirectory = withForce ? TaskImagesBuild.Read(parse) : null };
                return CommandHost.RunAsync<ImagesCommand>("images", parse.GetValue(Verbose), s => s.AddSingleton(options));
            });
            return command;
        }

        return new Command("images", "Build and inspect the locally built, content-hashed images.")
        {
            Action("build", "Build missing or changed images (and their parents).", withForce: true),
            Action("status", "Show each image: present, stale or missing.", withForce: false),
            Action("prune", "Remove older tags of hbench images.", withForce: false),
        };
    }

    private static Command BenchCommand()
    {
        return new Command("bench", "Benchmarks of the program itself (figures are ratios to a baseline measured in the same run).") { SandboxBenchmarkCommandLine.Create(Verbose), ReportCommandLine.BenchReport(), GatewayBenchmarkCommand.Create(), AuditBenchmarkCommand.Create(), Viewer.ViewCommandLine.BenchView() };
    }

    private static Command DoctorCommand()
    {
        var json = new Option<bool>("--json") { Description = "Print the findings as JSON (ready, problems, sections with ok/problem/note items and fixes)." };
        var command = new Command("doctor", "Check the engine, images, disk and gateway directory; print fixes.") { json };
        command.SetAction((parse, _) => CommandHost.RunAsync<DoctorCommand>("doctor", parse.GetValue(Verbose), s => s.AddSingleton(new DoctorOptions(parse.GetValue(json)))));
        return command;
    }
}
