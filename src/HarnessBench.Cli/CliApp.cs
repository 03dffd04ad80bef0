using System.CommandLine;
using HarnessBench.Cli.Commands;
using HarnessBench.Cli.Hosting;
using HarnessBench.Core.Sweep;
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
            Verbose, RunCommand(), TasksCommand(), ImagesCommand(), DoctorCommand(), BenchCommand(),
            ReportCommandLine.Report(), ReportCommandLine.Diff(), AuditCommandLine.Create(),
            ProbeCommandLine.Create(Verbose),
        };
        try
        {
            // Our own signal handling (SignalLifetime) decides what Ctrl-C means.
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Cannot find the HarnessBench checkout", StringComparison.Ordinal))
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.Usage;
        }
    }

    private static Command RunCommand()
    {
        var bench = new Argument<string>("bench") { Description = "The bench file.", DefaultValueFactory = _ => "bench.yaml" };
        var run = new Option<string?>("--run") { Description = "Run name (results/<run>/); the same name resumes. Default: the bench's run." };
        var concurrency = new Option<int?>("--concurrency", "-j") { Description = "Cells at the same time (default: the bench's)." };
        var rerunErrors = new Option<bool>("--rerun-errors") { Description = "Also rerun cells whose last result is an error." };
        var allowChanged = new Option<bool>("--allow-changed") { Description = "Rerun cells whose definition changed since their result was stored." };
        var keepChanged = new Option<bool>("--keep-changed") { Description = "Keep stored results of changed cells and skip them." };
        var plain = new Option<bool>("--plain") { Description = "Plain progress lines instead of the live display." };
        var command = new Command("run", "Run the sweep described by a bench file; rerunning resumes where it stopped.")
        {
            bench, run, concurrency, rerunErrors, allowChanged, keepChanged, plain,
        };
        command.SetAction((parse, _) =>
        {
            var policy = parse.GetValue(allowChanged) ? ChangedCellPolicy.Rerun
                : parse.GetValue(keepChanged) ? ChangedCellPolicy.Keep : ChangedCellPolicy.Refuse;
            var options = new RunOptions(parse.GetValue(bench)!, parse.GetValue(run), parse.GetValue(concurrency),
                parse.GetValue(rerunErrors), policy, parse.GetValue(plain));
            return CommandHost.RunAsync<SweepCommand>("run", parse.GetValue(Verbose), s => s.AddSingleton(options));
        });
        return command;
    }

    private static Command TasksCommand()
    {
        var ids = new Argument<string[]>("ids") { Description = "Task ids (default: all).", Arity = ArgumentArity.ZeroOrMore };
        var tasksDir = new Option<string?>("--tasks-dir") { Description = "Folder with one folder per task (default: tasks/)." };
        var concurrency = new Option<int>("--concurrency", "-j") { Description = "Cells at the same time.", DefaultValueFactory = _ => 2 };
        var noHacks = new Option<bool>("--no-hacks") { Description = "Skip the hack gate (the built-in subversion attempts); for quick iterations, not for CI." };
        var validate = new Command("validate", "Run oracle (must pass), nop, wrong and the hack gate's attempts (must fail; hacks audited tamper) on each task through the real pipeline.")
        {
            ids, tasksDir, concurrency, noHacks,
        };
        validate.SetAction((parse, _) =>
        {
            var options = new ValidateOptions(parse.GetValue(tasksDir) ?? Path.Combine(HomeDirectory.Find(), "tasks"),
                parse.GetValue(ids) ?? [], Math.Max(1, parse.GetValue(concurrency)), Hacks: !parse.GetValue(noHacks));
            return CommandHost.RunAsync<TasksValidateCommand>("tasks-validate", parse.GetValue(Verbose), s => s.AddSingleton(options));
        });
        return new Command("tasks", "Inspect and validate tasks.") { validate };
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
            }

            command.SetAction((parse, _) =>
            {
                var options = new ImagesOptions(name, parse.GetValue(names) ?? [], withForce && parse.GetValue(force));
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
        var task = new Option<string>("--task") { Description = "Task whose image and workspace are used.", DefaultValueFactory = _ => "py-word-freq" };
        var iterations = new Option<int>("--iterations", "-n") { Description = "Timed iterations per scenario.", DefaultValueFactory = _ => 10 };
        var sandbox = new Command("sandbox", "Measure per-container and per-cell sandbox cost against a bare `docker run --rm` of the same image.")
        {
            task, iterations,
        };
        sandbox.SetAction((parse, _) =>
        {
            var options = new SandboxBenchmarkOptions(parse.GetValue(task)!, Math.Max(1, parse.GetValue(iterations)));
            return CommandHost.RunAsync<SandboxBenchmarkCommand>("bench", parse.GetValue(Verbose), s => s.AddSingleton(options));
        });
        return new Command("bench", "Benchmarks of the program itself (figures are ratios to a baseline measured in the same run).") { sandbox, ReportCommandLine.BenchReport(), GatewayBenchmarkCommand.Create(), AuditBenchmarkCommand.Create() };
    }

    private static Command DoctorCommand()
    {
        var command = new Command("doctor", "Check the engine, images, disk and gateway directory; print fixes.");
        command.SetAction((parse, _) => CommandHost.RunAsync<DoctorCommand>("doctor", parse.GetValue(Verbose), _ => { }));
        return command;
    }
}
