namespace HarnessBench.Cli.Tests.Infrastructure;

/// <summary>Where the checkout and the CLI under test are.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The checkout (the folder holding HarnessBench.slnx); used as HBENCH_HOME.</summary>
    public static string Root => LazyRoot.Value;

    public static string Tasks => Path.Combine(Root, "tasks");

    /// <summary>
    /// The hbench.dll copied next to this test assembly by the project reference: built by the same
    /// `dotnet test` from the same sources, and never rebuilt underneath a running test (unlike
    /// .hbench/bin, which `./hbench` rebuilds when anyone edits src/). HBENCH_CLI_DLL overrides it,
    /// e.g. to test the wrapper's build in .hbench/bin.
    /// </summary>
    public static string CliDll =>
        Environment.GetEnvironmentVariable("HBENCH_CLI_DLL") is { Length: > 0 } dll ? dll : Path.Combine(AppContext.BaseDirectory, "hbench.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HarnessBench.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No HarnessBench.slnx above {AppContext.BaseDirectory}: run the tests from the checkout.");
    }
}
