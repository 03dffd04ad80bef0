using System.Text.RegularExpressions;

namespace HarnessBench.Core.Importing;

/// <summary>
/// The test functions pytest will collect from a test file, found statically (module-level
/// <c>def test*</c> and <c>test*</c> methods of <c>Test*</c> classes), as node ids without parameters
/// ("test_outputs.py::test_x", "test_outputs.py::TestY::test_z"). One check per function: a
/// parametrized function passes when all of its cases pass, so the count does not depend on running
/// anything (collecting would import the agent's code).
/// </summary>
internal static partial class PytestFunctions
{
    public static IReadOnlyList<string> In(string relativePath, string source)
    {
        var ids = new List<string>();
        string? currentClass = null;
        foreach (var line in source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.Length == 0 || line.TrimStart().StartsWith('#')) continue;
            var indented = char.IsWhiteSpace(line[0]);
            if (!indented)
            {
                currentClass = null;
                if (TopFunction().Match(line) is { Success: true } f) ids.Add($"{relativePath}::{f.Groups[1].Value}");
                else if (TestClass().Match(line) is { Success: true } c) currentClass = c.Groups[1].Value;
                continue;
            }
            if (currentClass is not null && Method().Match(line) is { Success: true } m)
                ids.Add($"{relativePath}::{currentClass}::{m.Groups[1].Value}");
        }
        return ids.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>pytest's default test files: test_*.py and *_test.py.</summary>
    public static bool IsTestFile(string name) =>
        name.EndsWith(".py", StringComparison.Ordinal) && (name.StartsWith("test_", StringComparison.Ordinal) || name.EndsWith("_test.py", StringComparison.Ordinal));

    [GeneratedRegex(@"^(?:async\s+)?def\s+(test\w*)\s*\(")]
    private static partial Regex TopFunction();

    [GeneratedRegex(@"^class\s+(Test\w*)\s*[:(]")]
    private static partial Regex TestClass();

    [GeneratedRegex(@"^\s{1,8}(?:async\s+)?def\s+(test\w*)\s*\(")]
    private static partial Regex Method();
}
