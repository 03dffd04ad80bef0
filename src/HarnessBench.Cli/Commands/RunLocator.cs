namespace HarnessBench.Cli.Commands;

/// <summary>
/// Runs named the same way everywhere: a run directory (results/demo, /tmp/x/results/nightly) or a
/// run name, which means results/&lt;name&gt; of the checkout.
/// </summary>
internal static class RunLocator
{
    public static string ResultsRoot => Path.Combine(HomeDirectory.Find(), "results");

    /// <summary>The run directory <paramref name="runOrName"/> stands for, or null with <paramref name="problem"/> saying why.</summary>
    public static string? Resolve(string runOrName, out string? problem)
    {
        problem = null;
        if (File.Exists(Path.Combine(runOrName, Core.Results.JsonlResultStore.FileName))) return Path.GetFullPath(runOrName);
        if (CommandLineRules.Problem(runOrName) is null)
        {
            var named = Path.Combine(ResultsRoot, runOrName);
            if (File.Exists(Path.Combine(named, Core.Results.JsonlResultStore.FileName))) return named;
        }

        var known = Known().Take(10).Select(Path.GetFileName).ToList();
        problem = $"no run '{runOrName}': neither {runOrName}/results.jsonl nor results/{runOrName}/results.jsonl exists" +
            (known.Count > 0 ? $"; runs: {string.Join(", ", known)}" : "; `./hbench run` makes one");
        return null;
    }

    /// <summary>Run directories under results/, most recently written first (internal ones, results/_*, left out).</summary>
    public static IEnumerable<string> Known()
    {
        var root = ResultsRoot;
        if (!Directory.Exists(root)) return [];
        return Directory.EnumerateDirectories(root)
            .Where(d => !Path.GetFileName(d).StartsWith('_') && File.Exists(Path.Combine(d, Core.Results.JsonlResultStore.FileName)))
            .OrderByDescending(d => File.GetLastWriteTimeUtc(Path.Combine(d, Core.Results.JsonlResultStore.FileName)));
    }
}
