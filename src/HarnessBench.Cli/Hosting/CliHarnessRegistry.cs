using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Harnesses.Cli;

namespace HarnessBench.Cli.Hosting;

/// <summary>The built-in harnesses plus every harnesses/&lt;name&gt;/harness.yaml of the checkout.</summary>
internal static class CliHarnessRegistry
{
    /// <exception cref="InvalidOperationException">A harness.yaml is invalid (every error, with file:line:col, in the message).</exception>
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
            throw new InvalidOperationException($"Invalid harness definitions:\n{string.Join('\n', load.Errors)}");
        foreach (var definition in load.Definitions) registry.Add(new CliHarness(definition));
        return registry;
    }
}
