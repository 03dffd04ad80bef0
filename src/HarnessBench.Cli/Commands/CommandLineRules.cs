using System.CommandLine;

namespace HarnessBench.Cli.Commands;

/// <summary>
/// Checks of command-line values that the parser cannot make on its own. Each failure is a parse
/// error: printed with what was wrong and an example, exit 2 (<see cref="ExitCodes.Usage"/>).
/// </summary>
internal static class CommandLineRules
{
    /// <summary>-j / --concurrency and similar counts: a whole number of at least <paramref name="minimum"/>.</summary>
    public static T AtLeast<T>(this T option, int minimum)
        where T : Option
    {
        option.Validators.Add(result =>
        {
            var value = result.Tokens.Count == 0 ? null : result.Tokens[^1].Value;
            if (value is not null && (!int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < minimum))
                result.AddError($"{option.Name} must be a whole number of at least {minimum}, not '{value}'");
        });
        return option;
    }

    /// <summary>A run name: one plain folder name under results/ (no '/', '..', leading '.' or '_').</summary>
    public static Option<string?> RunName(this Option<string?> option)
    {
        option.Validators.Add(result =>
        {
            var value = result.Tokens.Count == 0 ? null : result.Tokens[^1].Value;
            if (value is not null && Problem(value) is { } problem)
                result.AddError($"--run '{value}' {problem}; use a plain name such as --run nightly-2026-12-03 (results go to results/<name>/)");
        });
        return option;
    }

    /// <summary>Why <paramref name="name"/> is not a run name, or null.</summary>
    public static string? Problem(string name) => name switch
    {
        "" => "is empty",
        _ when name.Contains('/') || name.Contains('\\') => "contains a path separator: a run stays inside results/",
        "." or ".." => "is not a folder name",
        _ when name.StartsWith('.') || name.StartsWith('_') => "starts with '.' or '_' (reserved for hidden and internal runs)",
        _ when name.Any(char.IsControl) => "contains control characters",
        _ => null,
    };

    /// <summary>A bench file argument that looks like an option is an unknown option, not a missing file.</summary>
    public static Argument<string> NotAnOption(this Argument<string> argument)
    {
        argument.Validators.Add(result =>
        {
            var value = result.Tokens.Count == 0 ? null : result.Tokens[^1].Value;
            if (value is not null && value.StartsWith('-') && value.Length > 1)
                result.AddError($"unknown option '{value}'");
        });
        return argument;
    }
}
