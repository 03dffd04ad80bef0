namespace HarnessBench.TestSupport;

/// <summary>Finds the checkout, for tests that read the shipped tasks, harnesses, containers and scripts.</summary>
internal static class RepoRoot
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>HBENCH_HOME when it names a checkout (builds with --artifacts-path outside it), else the checkout above the test binaries.</summary>
    public static string Find() => LazyRoot.Value;

    private static string FindRoot()
    {
        if (Environment.GetEnvironmentVariable("HBENCH_HOME") is { Length: > 0 } home && File.Exists(Path.Combine(home, "HarnessBench.slnx")))
        {
            return home;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HarnessBench.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Cannot find the HarnessBench checkout (HarnessBench.slnx) above {AppContext.BaseDirectory}; set HBENCH_HOME.");
    }
}
