using HarnessBench.Core.Config;

namespace HarnessBench.Cli.Commands;

/// <summary>Prints every configuration error (file:line:col, message, hint) and says how many.</summary>
internal static class ConfigErrorsOutput
{
    public static int Print(IReadOnlyList<ConfigError> errors, string what)
    {
        foreach (var error in errors)
        {
            Console.Error.WriteLine(error.ToString());
        }

        Console.Error.WriteLine($"{errors.Count} error(s) in {what}; nothing ran.");
        return ExitCodes.ConfigInvalid;
    }
}
