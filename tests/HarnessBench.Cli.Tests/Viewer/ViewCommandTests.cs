using HarnessBench.Cli.Viewer;

namespace HarnessBench.Cli.Tests.Viewer;

/// <summary>`hbench view` as the command line runs it: run names and directories, bad arguments, the export.</summary>
public sealed class ViewCommandTests : IDisposable
{
    private readonly ViewerRun _run = new();

    public void Dispose() => _run.Dispose();

    private static async Task<(int Exit, string Out, string Err)> Run(ViewOptions options)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exit = await ViewCommandLine.RunAsync(options, output, errors, CancellationToken.None);
        return (exit, output.ToString(), errors.ToString());
    }

    private ViewOptions Options(string[] runs, string? export = null, string host = "127.0.0.1", int port = 0) =>
        new(runs, host, port, export, _run.Results, _run.Tasks);

    [Fact]
    public async Task An_unknown_run_is_a_usage_error_that_lists_the_runs()
    {
        var (exit, _, err) = await Run(Options(["nope"]));

        Assert.Equal(2, exit);
        Assert.Contains("no run 'nope'", err, StringComparison.Ordinal);
        Assert.Contains("alpha", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_host_or_port_is_a_usage_error()
    {
        Assert.Equal(2, (await Run(Options([], host: "not-an-address"))).Exit);
        Assert.Equal(2, (await Run(Options([], port: 70000))).Exit);
    }

    [Fact]
    public async Task Export_takes_run_names_and_directories_and_writes_only_those_runs()
    {
        var dir = Path.Combine(_run.Root, "out");

        var (exit, output, err) = await Run(Options(["alpha"], export: dir));
        var (exit2, _, _) = await Run(Options([Path.Combine(_run.Results, "beta")], export: Path.Combine(_run.Root, "out2")));

        Assert.True(exit == 0, err);
        Assert.Contains("export: 14 pages", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "runs", "alpha", "index.html")));
        Assert.False(Directory.Exists(Path.Combine(dir, "runs", "beta")));
        Assert.Equal(0, exit2);
        Assert.True(File.Exists(Path.Combine(_run.Root, "out2", "runs", "beta", "index.html")));
    }
}
