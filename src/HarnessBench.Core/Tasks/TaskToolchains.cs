using HarnessBench.Core.Config;

namespace HarnessBench.Core.Tasks;

/// <summary>
/// task.yaml <c>toolchain:</c>: one toolchain image (<c>python</c>) or several combined into one image
/// (<c>[python, c-cpp]</c>, written "python+c-cpp"). Only toolchains are accepted: the base image and
/// harness layers have no python3 for the grader's driver and used to fail only when a cell ran. The
/// one exception is <c>base</c> under a task environment (environment/Dockerfile), whose build must
/// then install python3 (the build checks it).
/// </summary>
internal static class TaskToolchains
{
    /// <summary>Joins combined toolchains in <see cref="TaskDefinition.Toolchain"/> ("python+c-cpp").</summary>
    public const char Separator = '+';

    /// <summary>The image a task environment may start from besides the toolchains.</summary>
    public const string BaseImage = "base";

    /// <param name="known">The toolchain images that exist; null skips the check.</param>
    /// <returns>The toolchain text ("python" or "python+c-cpp"), or null after reporting errors.</returns>
    public static string? Read(IReadOnlyList<YScalar> names, bool hasEnvironment, IReadOnlySet<string>? known, ConfigErrors errors)
    {
        if (names.Count == 0) return null;
        var valid = new List<string>();
        var ok = true;
        foreach (var scalar in names)
        {
            var name = ScalarReader.Name(scalar, "toolchain", errors);
            if (name is null)
            {
                ok = false;
                continue;
            }
            if (valid.Contains(name, StringComparer.Ordinal))
            {
                errors.Add(scalar.At, $"toolchain '{name}' is listed twice", "list each toolchain once");
                ok = false;
                continue;
            }
            valid.Add(name);
            if (known is null || known.Contains(name)) continue;
            if (name == BaseImage && hasEnvironment && names.Count == 1) continue;
            ok = false;
            var list = $"known toolchains: {string.Join(", ", known.Order(StringComparer.Ordinal))}";
            errors.Add(scalar.At, name == BaseImage ? "'base' is not a toolchain (it has no python3 for the grader's driver)" : $"unknown toolchain '{name}'",
                name == BaseImage
                    ? $"use a toolchain ({list}), or add environment/Dockerfile built FROM base that installs python3"
                    : DidYouMean.Hint(name, known) is { } guess ? $"{guess} ({list})" : $"{list}; toolchains are the images under containers/toolchains/");
        }
        return ok ? string.Join(Separator, valid) : null;
    }
}
