namespace HarnessBench.Cli.Hosting;

/// <summary>Where per-run gateway sockets live (bind-mounted read-only into agent containers).</summary>
internal static class GatewayDirectory
{
    public static string Path =>
        Environment.GetEnvironmentVariable("HBENCH_RUNTIME_DIR") is { Length: > 0 } configured
            ? configured
            : System.IO.Path.Combine(Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } xdg ? xdg : "/tmp", "hbench");
}
