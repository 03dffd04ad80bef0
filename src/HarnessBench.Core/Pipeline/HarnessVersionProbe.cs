using System.Collections.Concurrent;
using HarnessBench.Core.Harnesses.Cli;
using HarnessBench.Core.Runtime;

namespace HarnessBench.Core.Pipeline;

/// <summary>What a CLI harness's installed software says its version is, next to what its definition pins.</summary>
/// <param name="Reported">The version the CLI reported (see <see cref="HarnessVersionCheck.Reported"/>).</param>
/// <param name="Matches">It is the pinned version.</param>
public sealed record HarnessVersionReport(string Reported, bool Matches);

/// <summary>
/// Runs a CLI harness's <c>version_command</c> once per agent image (and harness), in a sandboxed
/// container like the agent's (no network, uid 1000, the cell's limits), so every result line can say
/// which version actually ran, not only which one harness.yaml asked for. Once per image rather than
/// in every cell's launcher: some CLIs take two seconds to print their version, which would land in
/// every agent time. The image is content-hashed, so its CLI cannot change under the same tag.
/// </summary>
internal sealed class HarnessVersionProbe(IContainerRuntime runtime)
{
    public const string Phase = "harness-version";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<(string Image, string Harness), Lazy<Task<HarnessVersionReport>>> _reports = new();

    public async Task<HarnessVersionReport> ProbeAsync(string image, CliHarness harness, CellWork work, CancellationToken cancellationToken)
    {
        var key = (image, harness.Name);
        var lazy = _reports.GetOrAdd(key, _ => new Lazy<Task<HarnessVersionReport>>(() => RunAsync(image, harness, work, cancellationToken)));
        try
        {
            return await lazy.Value;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Another cell started the probe and was cancelled: this one is not, so it asks again.
            _reports.TryRemove(new KeyValuePair<(string, string), Lazy<Task<HarnessVersionReport>>>(key, lazy));
            return await ProbeAsync(image, harness, work, cancellationToken);
        }
        catch
        {
            // A probe that broke (an engine hiccup, a cancelled cell) is not the CLI's answer: the next cell asks again.
            _reports.TryRemove(new KeyValuePair<(string, string), Lazy<Task<HarnessVersionReport>>>(key, lazy));
            throw;
        }
    }

    private async Task<HarnessVersionReport> RunAsync(string image, CliHarness harness, CellWork work, CancellationToken cancellationToken)
    {
        var definition = harness.Definition;
        var directory = Directory.CreateTempSubdirectory("hbench-version-");
        try
        {
            var stdout = Path.Combine(directory.FullName, "stdout");
            var stderr = Path.Combine(directory.FullName, "stderr");
            var spec = SandboxSpecs.ForCell(work, Phase, image, definition.VersionCommand, Timeout, stdout, stderr) with
            {
                Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["HOME"] = CliHarness.Home },
            };
            var run = await runtime.RunAsync(spec, cancellationToken);
            var output = Read(stdout) + "\n" + Read(stderr);
            var reported = HarnessVersionCheck.Reported(output, run.TimedOut ? null : run.ExitCode, definition.Version);
            return new HarnessVersionReport(reported, HarnessVersionCheck.Matches(reported, definition.Version));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string Read(string path) => File.Exists(path) ? File.ReadAllText(path) : "";
}
