using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Harnesses.Cli;

namespace HarnessBench.Cli.Hosting;

/// <summary>The built-in harnesses plus every harnesses/&lt;name&gt;/harness.yaml of the checkout.</summary>
internal static class CliHarnessRegistry
{
    /// <exception cref="HarnessDefinitionsInvalidException">A harness.yaml is invalid (every error, with file:line:col).</exception>
    public static HarnessRegistry Create(string? home = null)
    {
        var registry = HarnessRegistry.CreateWithBuiltIns();
        string directory;
        try
        {
            directory = Path.Combine(home ?? HomeDirectory.Find(), "harnesses");
        }
        catch (InvalidOperationException)
        {
            return registry;
        }
        var load = HarnessDefinitionLoader.LoadDirectory(directory);
        if (load.Errors.Count > 0)
            throw new HarnessDefinitionsInvalidException(load.Errors, directory);
        foreach (var definition in load.Definitions) registry.Add(new CliHarness(definition));
        return registry;
    }
}

/// <summary>harnesses/*/harness.yaml has errors: the command prints them all and exits 3 without running anything.</summary>
internal sealed class HarnessDefinitionsInvalidException(IReadOnlyList<HarnessBench.Core.Config.ConfigError> errors, string directory)
    : Exception($"{errors.Count} error(s) in the harness definitions under {directory}")
{
    public IReadOnlyList<HarnessBench.Core.Config.ConfigError> Errors => errors;

    public string Directory => directory;
}
