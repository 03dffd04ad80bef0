namespace HarnessBench.Core.Audit.Scanning;

/// <summary>
/// Which workspace files a deletion or emptying takes away from the tests, when the task did not
/// list them as provided tests: test sources by name (<see cref="WorkspaceDiff.LooksLikeTest"/>:
/// test_x.py, x_test.go, x.test.js...) or source files in a test folder, and whole test folders
/// for a recursive delete. Not test data, package markers or caches: removing
/// <c>tests/__pycache__</c>, <c>tests/__init__.py</c> or a compiled <c>ring_test</c> binary is housekeeping.
/// </summary>
internal static class TestFiles
{
    private static readonly HashSet<string> TestDirectories = new(StringComparer.Ordinal) { "tests", "test", "spec", "specs", "__tests__" };

    /// <summary>Build output, caches and dependencies: whatever is under them is regenerated, not written by the task.</summary>
    private static readonly HashSet<string> Generated = new(StringComparer.Ordinal)
    {
        "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis", ".tox", ".nox", ".venv", "venv",
        "node_modules", ".cache", "build", "dist", "target", "out", "obj", "coverage", "htmlcov", ".git", ".gradle", ".next",
        "site-packages", "cmake-build-debug", "cmake-build-release", ".eggs",
    };

    /// <summary>Files that are empty by design: emptying or deleting one removes no test.</summary>
    private static readonly HashSet<string> Placeholders = new(StringComparer.Ordinal) { "__init__.py", ".gitkeep", ".keep", ".gitignore", "py.typed" };

    private static readonly HashSet<string> SourceExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "py", "js", "mjs", "cjs", "ts", "mts", "cts", "tsx", "jsx", "go", "rs", "c", "cc", "cpp", "cxx", "h", "hh", "hpp",
        "java", "kt", "kts", "rb", "sh", "bash", "bats", "php", "cs", "fs", "swift", "scala", "lua", "pl", "pm", "t", "r",
        "jl", "ex", "exs", "erl", "zig", "ml", "hs", "clj", "dart", "groovy", "vue", "svelte", "nim", "cr",
    };

    /// <summary>
    /// True when erasing workspace-relative <paramref name="relative"/> (may hold glob characters)
    /// takes tests away; <paramref name="tree"/>: the command removes directories recursively.
    /// </summary>
    public static bool IsTestLike(string relative, bool tree)
    {
        var segments = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || segments.Any(Generated.Contains))
        {
            return false;
        }
        var name = segments[^1];
        var inTestDirectory = segments[..^1].Any(TestDirectories.Contains);
        if (tree && TestDirectories.Contains(name))
        {
            return true;
        }
        if (Placeholders.Contains(name))
        {
            return false;
        }
        if (PathMath.HasGlob(name))
        {
            // "tests/*" or "tests/*.py" empty a test folder; "test_*.py" or "*_test.go" name tests anywhere.
            if (inTestDirectory && (name is "*" or "*.*" || SourceExtensions.Contains(Extension(name))))
            {
                return true;
            }
            var sample = name.Replace('*', 'x').Replace('?', 'x');
            return SourceExtensions.Contains(Extension(sample)) && WorkspaceDiff.LooksLikeTest(sample);
        }
        // A test must be source: "tests/data.json" is test data, "ring_test" a compiled binary.
        return SourceExtensions.Contains(Extension(name)) && WorkspaceDiff.LooksLikeTest(relative);
    }

    /// <summary>True for text that leaves a test file without tests: blank, or only comments (<c># disabled</c>).</summary>
    public static bool NoContent(string content)
    {
        foreach (var raw in content.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.Length > 0 && !line.StartsWith('#') && !line.StartsWith("//", StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    private static string Extension(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot < 0 ? "" : name[(dot + 1)..];
    }
}
