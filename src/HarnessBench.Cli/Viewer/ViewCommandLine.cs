using System.CommandLine;
using System.Net;

namespace HarnessBench.Cli.Viewer;

/// <summary>What `hbench view` was asked.</summary>
/// <param name="Runs">Run directories or names (results/&lt;name&gt;); empty: every run.</param>
/// <param name="Export">A folder to write static pages into instead of serving.</param>
internal sealed record ViewOptions(IReadOnlyList<string> Runs, string Host, int Port, string? Export, string? Results, string? TasksDirectory);

/// <summary>`hbench view` (serve or export the run viewer) and `hbench bench view`.</summary>
internal static class ViewCommandLine
{
    public const int DefaultPort = 8765;

    public static Command Create()
    {
        var runs = new Argument<string[]>("runs") { Description = "Run directories or run names (results/<name>); default: every run under results/.", Arity = ArgumentArity.ZeroOrMore };
        var port = new Option<int>("--port") { Description = "TCP port to serve on; 0 picks a free one (the URL is printed).", DefaultValueFactory = _ => DefaultPort };
        var host = new Option<string>("--host")
        {
            Description = "Address to listen on: 127.0.0.1 is this machine only; any other address serves every run, trajectory and log to the network without authentication.",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var export = new Option<string?>("--export") { Description = "Write the pages as static files (relative links, raw logs copied) into this folder instead of serving them." };
        var results = new Option<string?>("--results") { Description = "The results folder whose runs are listed (default: the checkout's results/)." };
        var tasks = new Option<string?>("--tasks-dir") { Description = "Tasks folder for prompts and seed workspaces (default: the checkout's tasks/)." };
        var command = new Command("view", "Browse runs in a local web viewer: leaderboards, cells, trajectories, audit findings, workspace diffs and raw logs; or export it as static pages.")
        {
            runs, port, host, export, results, tasks,
        };
        command.SetAction((parse, ct) => RunAsync(new ViewOptions(parse.GetValue(runs) ?? [], parse.GetValue(host)!, parse.GetValue(port),
            parse.GetValue(export), parse.GetValue(results), parse.GetValue(tasks)), Console.Out, Console.Error, ct));
        return command;
    }

    public static Command BenchView()
    {
        var cells = new Option<int>("--cells") { Description = "Synthetic cells in the run.", DefaultValueFactory = _ => 10_000 };
        var keep = new Option<string?>("--out") { Description = "Keep the generated run in this folder (default: a temp folder, deleted)." };
        var command = new Command("view", "Time the viewer on a synthetic run: opening the run page (cold and cached), a filtered run page, a cell page; the goal is under 2 s for 10k cells.") { cells, keep };
        command.SetAction((parse, ct) => ViewBenchmark.RunAsync(Math.Max(1, parse.GetValue(cells)), parse.GetValue(keep), Console.Out, ct));
        return command;
    }

    public static async Task<int> RunAsync(ViewOptions options, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        string? home = null;
        try
        {
            home = HomeDirectory.Find();
        }
        catch (InvalidOperationException)
        {
            // Outside a checkout: results/ and tasks/ relative to the working directory, or as given.
        }

        var resultsDirectory = Path.GetFullPath(options.Results ?? (home is null ? "results" : Path.Combine(home, "results")));
        var tasksDirectory = options.TasksDirectory ?? (home is null ? null : Path.Combine(home, "tasks"));
        var given = new List<string>();
        foreach (var arg in options.Runs)
        {
            if (RunCatalog.Resolve(arg, resultsDirectory) is { } dir)
            {
                given.Add(dir);
                continue;
            }

            var known = RunCatalog.Discover(resultsDirectory, []).Select(r => r.Name).ToList();
            errors.WriteLine($"no run '{arg}': neither a folder with results.jsonl nor a run in {resultsDirectory}" +
                (known.Count == 0 ? " (it has none: `./hbench run` makes one)" : $"; runs: {string.Join(", ", known.Take(20))}"));
            return ExitCodes.Usage;
        }

        var all = RunCatalog.Discover(resultsDirectory, given);
        var site = new ViewSite(new RunStore(() => RunCatalog.Discover(resultsDirectory, given), tasksDirectory), resultsDirectory);
        if (options.Export is { } exportDirectory)
        {
            var selected = given.Count == 0 ? all : [.. all.Where(r => given.Contains(r.Directory))];
            var summary = ViewExporter.Export(site, selected, exportDirectory);
            output.WriteLine($"export: {summary.Pages} pages and {summary.RawFiles} raw files ({Html.Bytes(summary.Bytes)}) for {selected.Count} run(s): {Commands.ReportCommandLine.Relative(summary.Index)}");
            return ExitCodes.Success;
        }

        if (!IPAddress.TryParse(options.Host, out var ip) && options.Host != "localhost")
        {
            errors.WriteLine($"--host {options.Host}: give an IP address (127.0.0.1, ::1, 0.0.0.0) or localhost");
            return ExitCodes.Usage;
        }

        if (options.Port is < 0 or > 65535)
        {
            errors.WriteLine($"--port {options.Port}: give 1-65535, or 0 for any free port");
            return ExitCodes.Usage;
        }

        if (ip is not null && !IPAddress.IsLoopback(ip))
        {
            errors.WriteLine($"warning: --host {options.Host} is not a loopback address: anyone who can reach this machine can read every run, trajectory and log it serves (no authentication).");
        }

        ViewServer server;
        try
        {
            server = await ViewServer.StartAsync(site, options.Host, options.Port, ct);
        }
        catch (IOException e)
        {
            errors.WriteLine($"cannot listen on {options.Host}:{options.Port}: {e.Message}" + (options.Port != 0 ? " (another `hbench view`? --port 0 picks a free port)" : ""));
            return ExitCodes.CheckFailed;
        }

        await using (server)
        {
            output.WriteLine(all.Count == 0
                ? $"no runs in {resultsDirectory} yet (`./hbench run` makes one); the viewer lists them as they appear"
                : $"{all.Count} run(s) from {Commands.ReportCommandLine.Relative(resultsDirectory)}: {string.Join(", ", all.Take(8).Select(r => r.Name))}{(all.Count > 8 ? ", ..." : "")}");
            output.WriteLine($"viewer: {server.Address}   (Ctrl-C stops it)");
            foreach (var run in all.Where(r => given.Contains(r.Directory)))
            {
                output.WriteLine($"run {run.Name}: {server.Address}runs/{Html.Seg(run.Key)}/");
            }

            output.Flush();
            try
            {
                await server.WaitForShutdownAsync(ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: the normal way to stop a viewer.
            }
        }

        return ExitCodes.Success;
    }
}
