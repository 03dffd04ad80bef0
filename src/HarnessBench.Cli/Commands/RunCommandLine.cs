using System.CommandLine;
using HarnessBench.Cli.Hosting;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Sweep;
using Microsoft.Extensions.DependencyInjection;

namespace HarnessBench.Cli.Commands;

/// <summary>`hbench run`: the sweep, its resume policies, slices and machine-readable output.</summary>
internal static class RunCommandLine
{
    public static Command Create(Option<bool> verbose)
    {
        var bench = new Argument<string>("bench") { Description = "The bench file.", DefaultValueFactory = _ => "bench.yaml" }.NotAnOption();
        var run = new Option<string?>("--run") { Description = "Run name (results/<run>/); the same name resumes. Default: the bench's run." }.RunName();
        var concurrency = new Option<int?>("--concurrency", "-j") { Description = "Cells at the same time (default: the bench's)." }.AtLeast(1);
        var rerunErrors = new Option<bool>("--rerun-errors") { Description = "Also rerun cells whose last result is an error." };
        var rerunFailed = new Option<bool>("--rerun-failed") { Description = "Also rerun cells whose last result is a fail." };
        var allowChanged = new Option<bool>("--allow-changed") { Description = "Rerun cells whose definition changed since their result was stored." };
        var keepChanged = new Option<bool>("--keep-changed") { Description = "Keep stored results of changed cells and skip them." };
        var only = new Option<string[]>("--only")
        {
            Description = "Run only matching cells: KEY=GLOB[|GLOB...] for model, harness, task, comma-separated (all must match); repeat --only for alternatives. E.g. --only model=qwen*,task=py-*",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        only.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (CellFilter.Parse(token.Value, out var error) is null) result.AddError($"--only: {error}");
            }
        });
        var limit = new Option<int?>("--limit") { Description = "Run at most N of the cells that need running (plan order); the rest wait for the next invocation." }.AtLeast(1);
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the planned cells, what is already done and what would (re)run and why; run nothing." };
        var json = new Option<bool>("--json") { Description = "Print a JSON summary on stdout (progress goes to stderr)." };
        var junit = new Option<string?>("--junit") { Description = "Also write the run's cells as a JUnit XML file (pass, fail as failure, error as error)." };
        var backend = new Option<string?>("--backend") { Description = "Where the containers run: local (the local engine) or swarm (one-shot Swarm jobs). Default: the bench's 'backend:', else local." };
        backend.AcceptOnlyFromAmong([.. Core.Runtime.ExecutionBackends.Names]);
        var plain = new Option<bool>("--plain") { Description = "Plain progress lines instead of the live display." };
        var command = new Command("run", "Run the sweep described by a bench file; rerunning resumes where it stopped.")
        {
            bench, run, concurrency, rerunErrors, rerunFailed, allowChanged, keepChanged, only, limit, dryRun, json, junit, backend, plain,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(allowChanged) && result.GetValue(keepChanged))
                result.AddError("--allow-changed and --keep-changed contradict each other; pick one");
        });
        command.SetAction((parse, _) =>
        {
            var policy = parse.GetValue(allowChanged) ? ChangedCellPolicy.Rerun
                : parse.GetValue(keepChanged) ? ChangedCellPolicy.Keep : ChangedCellPolicy.Refuse;
            var options = new RunOptions(parse.GetValue(bench)!, parse.GetValue(run), parse.GetValue(concurrency),
                parse.GetValue(rerunErrors), policy, parse.GetValue(plain))
            {
                RerunFailed = parse.GetValue(rerunFailed),
                Limit = parse.GetValue(limit),
                Only = [.. (parse.GetValue(only) ?? []).Select(text => CellFilter.Parse(text, out string? _)!)],
                DryRun = parse.GetValue(dryRun),
                Json = parse.GetValue(json),
                JUnitFile = parse.GetValue(junit),
                Backend = Core.Runtime.ExecutionBackends.Parse(parse.GetValue(backend)),
            };
            return CommandHost.RunAsync<SweepCommand>("run", parse.GetValue(verbose), s => s.AddSingleton(options));
        });
        return command;
    }
}
