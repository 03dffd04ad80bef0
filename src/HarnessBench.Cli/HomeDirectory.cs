namespace HarnessBench.Cli;

/// <summary>
/// Finds the HarnessBench checkout (tasks/, containers/, bench.yaml). The ./hbench wrapper sets
/// HBENCH_HOME; otherwise we walk up from the working directory, then from the binary.
/// </summary>
internal static class HomeDirectory
{
    public static string Find()
    {
        var fromEnv = Environment.GetEnvironmentVariable("HBENCH_HOME");
        if (!string.IsNullOrEmpty(fromEnv) && IsHome(fromEnv))
        {
            return Path.GetFullPath(fromEnv);
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (IsHome(dir.FullName))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            "Cannot find the HarnessBench checkout (a folder with containers/ and tasks/). " +
            "Run hbench through the ./hbench wrapper in the checkout, or set HBENCH_HOME to it.");
    }

    private static bool IsHome(string dir) =>
        Directory.Exists(Path.Combine(dir, "containers")) && Directory.Exists(Path.Combine(dir, "tasks"));
}
