using System.Globalization;

namespace HarnessBench.Core.Importing;

/// <summary>A source task mapped onto HarnessBench, ready to be written.</summary>
internal sealed class MappedTask
{
    public required string Id { get; init; }

    public required EnvironmentPlan Environment { get; init; }

    /// <summary>Test function ids ("test_outputs.py::test_x"): one check each. Empty in reward mode.</summary>
    public required IReadOnlyList<string> Expected { get; init; }

    /// <summary>pytest arguments (test files under /tests and the kept options).</summary>
    public required IReadOnlyList<string> PytestArguments { get; init; }

    /// <summary>What the test script does besides installing and running pytest (run as uid 1000 before the tests).</summary>
    public string? PreSteps { get; init; }

    /// <summary>Harbor test.sh that is not a plain pytest run: it runs whole and its reward file is the one check.</summary>
    public bool RewardMode { get; init; }

    public required string Solution { get; init; }

    public required int TestTimeoutSeconds { get; init; }

    public required int AgentTimeoutSeconds { get; init; }

    public required int GraderTimeoutSeconds { get; init; }

    public IReadOnlyList<string> NeedsIndex { get; init; } = [];

    public List<string> Notes { get; } = [];
}

/// <summary>Maps a <see cref="SourceTask"/>: environment, grader, solution, limits; refuses what cannot run here.</summary>
internal static class TaskMapping
{
    /// <summary>pytest options that are kept (the others belong to plugins the image's pytest does not have, e.g. --ctrf).</summary>
    private static readonly HashSet<string> FlagOptions = new(StringComparer.Ordinal) { "-v", "-vv", "-q", "-x", "-s", "-l", "--tb=short", "--tb=long", "--tb=line", "--tb=no", "--strict-markers", "--disable-warnings" };

    private static readonly HashSet<string> ValueOptions = new(StringComparer.Ordinal) { "-k", "-m", "-W", "--deselect", "--ignore", "--maxfail", "--tb" };

    public static MappedTask Map(SourceTask source)
    {
        var environment = EnvironmentMapper.Map(source.DockerfileText, source.ContextDirectory, source.ContextExcluded);
        var tests = ScriptConversion.Convert(source.TestScript, include: path => Include(source.TestsDirectory, path));
        var solution = ScriptConversion.Convert(source.SolutionScript, keepComments: true);

        // Refusals first, in the order the summary reports them.
        var solutionText = string.Join('\n', solution.Kept.Concat(solution.AfterPytest));
        foreach (var (name, text) in TestTexts(source, tests))
        {
            if (RunTimeNeeds.InternetUse(text) is { } fetch)
                throw new ImportRefusedException(RefusalKind.InternetAtRunTime, $"{name} reaches the internet while grading (`{fetch}`); HarnessBench's graders run offline");
        }
        if (RunTimeNeeds.LocalService(TestTexts(source, tests).Select(t => t.Text)) is { } service)
            throw new ImportRefusedException(RefusalKind.RunningService, $"the tests connect to {service}, a service the agent is expected to leave running; HarnessBench grades in a fresh container where nothing the agent started runs");
        if (source.ComposeNetwork is { } network) throw new ImportRefusedException(RefusalKind.InternetAtRunTime, network);
        if (RunTimeNeeds.InternetUse(solutionText) is { } download)
            throw new ImportRefusedException(RefusalKind.InternetAtRunTime, $"the reference solution ({source.SolutionName}) reaches the internet (`{download}`); HarnessBench's agents run offline");
        if (RunTimeNeeds.RootUse(solutionText) is { } root)
            throw new ImportRefusedException(RefusalKind.NeedsRoot, $"the reference solution ({source.SolutionName}) needs root (`{root}`); the agent runs as uid 1000");

        foreach (var requirements in tests.RequirementFiles)
        {
            // pip install -r $TEST_DIR/requirements.txt: the file is in the format's tests folder.
            if (Include(source.TestsDirectory, requirements) is { } text) ScriptConversion.AddPython(tests, ScriptConversion.Requirements(text));
            else tests.Notes.Add($"`-r {requirements}` of {source.TestScriptName} not found: its packages are not installed");
        }
        EnvironmentMapper.AddPackages(tests.AptPackages, environment, source.TestScriptName);
        EnvironmentMapper.AddPackages(solution.AptPackages, environment, source.SolutionName);
        foreach (var package in tests.PythonPackages.Concat(solution.PythonPackages))
            if (!environment.PythonPackages.Any(p => PythonPackages.Name(p) == PythonPackages.Name(package))) environment.PythonPackages.Add(package);
        if (tests.AptPackages.Count + tests.PythonPackages.Count > 0)
            environment.Notes.Add($"{source.TestScriptName} installed {string.Join(", ", tests.AptPackages.Concat(tests.PythonPackages))} at grading time: installed at build time instead (the grader runs offline)");
        if (solution.AptPackages.Count + solution.PythonPackages.Count > 0)
            environment.Notes.Add($"{source.SolutionName} installed {string.Join(", ", solution.AptPackages.Concat(solution.PythonPackages))} while solving: installed at build time instead (the agent runs offline), so agents find them too");
        foreach (var (key, value) in source.ImageEnvironment)
            environment.Steps.Insert(0, new EnvironmentStep($"ENV {key}={System.Text.Json.JsonSerializer.Serialize(value)}"));

        var testTimeout = (int)Math.Ceiling(source.TestTimeoutSeconds ?? 60);
        var mapped = source.RewardFile && tests.PytestArguments is null
            ? RewardMapping(source, environment, tests, solution, testTimeout)
            : PytestMapping(source, environment, tests, solution, testTimeout);
        mapped.Notes.AddRange(source.Notes);
        mapped.Notes.AddRange(tests.Notes);
        mapped.Notes.AddRange(solution.Notes);
        return mapped;
    }

    private static MappedTask PytestMapping(SourceTask source, EnvironmentPlan environment, ConvertedScript tests, ConvertedScript solution, int testTimeout)
    {
        if (tests.PytestArguments is null)
            throw new ImportRefusedException(RefusalKind.UnsupportedGrader, $"{source.TestScriptName} runs no pytest, so there are no per-test outcomes to take the verdict from");
        var (arguments, files, dropped) = PytestArguments(tests.PytestArguments);
        if (files.Count == 0)
        {
            files = [.. Directory.EnumerateFiles(source.TestsDirectory, "*.py", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(source.TestsDirectory, f).Replace('\\', '/'))
                .Where(f => PytestFunctions.IsTestFile(Path.GetFileName(f)))
                .Order(StringComparer.Ordinal)];
            arguments = [.. arguments, .. files.Select(f => "/tests/" + f)];
        }
        var expected = new List<string>();
        foreach (var file in files)
        {
            var path = Path.Combine(source.TestsDirectory, file);
            if (!File.Exists(path)) throw new ImportRefusedException(RefusalKind.UnsupportedGrader, $"{source.TestScriptName} runs tests/{file}, which does not exist");
            expected.AddRange(PytestFunctions.In(file, File.ReadAllText(path)));
        }
        if (expected.Count == 0)
            throw new ImportRefusedException(RefusalKind.UnsupportedGrader, $"no test functions found in {string.Join(", ", files.Select(f => "tests/" + f))}");
        var pre = tests.Kept.Where(l => !IsCdToWorkdir(l, environment.Workdir)).ToList();
        var mapped = new MappedTask
        {
            Id = source.Id,
            Environment = environment,
            Expected = expected,
            PytestArguments = arguments,
            PreSteps = pre.Count == 0 ? null : RewritePaths(string.Join('\n', pre)),
            Solution = SolutionScript(source, solution),
            TestTimeoutSeconds = testTimeout,
            AgentTimeoutSeconds = (int)Math.Ceiling(source.AgentTimeoutSeconds ?? 600),
            GraderTimeoutSeconds = GraderTimeout(testTimeout, pre.Count > 0),
            NeedsIndex = [.. environment.PythonPackages.Where(PythonPackages.NeedsIndex)],
        };
        if (dropped.Count > 0) mapped.Notes.Add($"pytest options dropped (their plugins are not in the image; outcomes are recorded by hbench): {string.Join(' ', dropped)}");
        if (pre.Count > 0) mapped.Notes.Add($"{source.TestScriptName} steps kept before the tests (run as uid 1000): {string.Join("; ", pre)}");
        if (tests.AfterPytest.Count > 0) mapped.Notes.Add($"{source.TestScriptName} steps after pytest not run (the verdict is pytest's per-test outcomes): {string.Join("; ", tests.AfterPytest)}");
        return mapped;
    }

    private static MappedTask RewardMapping(SourceTask source, EnvironmentPlan environment, ConvertedScript tests, ConvertedScript solution, int testTimeout)
    {
        var script = RewritePaths(string.Join('\n', tests.Kept.Concat(tests.AfterPytest)));
        var mapped = new MappedTask
        {
            Id = source.Id,
            Environment = environment,
            Expected = [],
            PytestArguments = [],
            PreSteps = script,
            RewardMode = true,
            Solution = SolutionScript(source, solution),
            TestTimeoutSeconds = testTimeout,
            AgentTimeoutSeconds = (int)Math.Ceiling(source.AgentTimeoutSeconds ?? 600),
            GraderTimeoutSeconds = GraderTimeout(testTimeout, false),
            NeedsIndex = [.. environment.PythonPackages.Where(PythonPackages.NeedsIndex)],
        };
        mapped.Notes.Add($"{source.TestScriptName} is not a plain pytest run: it runs whole (installers removed) as uid 1000 and its reward file (/logs/verifier/reward.txt or reward.json) is the one check: reward 1 passes");
        return mapped;
    }

    /// <summary>The test script's own steps and every file under tests/ (installers already removed), for the network check.</summary>
    private static IEnumerable<(string Name, string Text)> TestTexts(SourceTask source, ConvertedScript tests)
    {
        yield return (source.TestScriptName, string.Join('\n', tests.Kept.Concat(tests.AfterPytest)));
        if (!Directory.Exists(source.TestsDirectory)) yield break;
        foreach (var file in Directory.EnumerateFiles(source.TestsDirectory, "*.py", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            yield return ("tests/" + Path.GetRelativePath(source.TestsDirectory, file).Replace('\\', '/'), File.ReadAllText(file));
    }

    /// <summary>(arguments to run, test files relative to tests/, options dropped).</summary>
    private static (List<string> Arguments, List<string> Files, List<string> Dropped) PytestArguments(List<string> raw)
    {
        var arguments = new List<string>();
        var files = new List<string>();
        var dropped = new List<string>();
        for (var i = 0; i < raw.Count; i++)
        {
            var word = RewritePaths(raw[i]);
            if (word.StartsWith("/tests/", StringComparison.Ordinal) || (!word.StartsWith('-') && word.Split("::")[0].EndsWith(".py", StringComparison.Ordinal)))
            {
                // $TEST_DIR/x.py, or tests/x.py relative to the working directory the source ran pytest in.
                var relative = word.StartsWith("/tests/", StringComparison.Ordinal) ? word["/tests/".Length..]
                    : word.StartsWith("tests/", StringComparison.Ordinal) ? word["tests/".Length..] : word;
                var file = relative.Split("::")[0];
                if (!files.Contains(file, StringComparer.Ordinal)) files.Add(file);
                arguments.Add("/tests/" + relative);
            }
            else if (word is "/tests" or "/tests/")
            {
                // The whole folder: the test files are listed below.
            }
            else if (word.StartsWith("-r", StringComparison.Ordinal) || FlagOptions.Contains(word) || word.StartsWith("--tb=", StringComparison.Ordinal) || word.StartsWith("--maxfail=", StringComparison.Ordinal))
            {
                arguments.Add(word);
            }
            else if (ValueOptions.Contains(word) && i + 1 < raw.Count)
            {
                arguments.Add(word);
                arguments.Add(raw[++i]);
            }
            else if (word.StartsWith('-'))
            {
                dropped.Add(word);
                if (!word.Contains('=', StringComparison.Ordinal) && i + 1 < raw.Count && !raw[i + 1].StartsWith('-') && !raw[i + 1].EndsWith(".py", StringComparison.Ordinal)
                    && !raw[i + 1].Contains("/tests", StringComparison.Ordinal) && !raw[i + 1].Contains("TEST_DIR", StringComparison.Ordinal))
                    dropped.Add(raw[++i]);
            }
            else
            {
                dropped.Add(word);
            }
        }
        return (arguments, files, dropped);
    }

    /// <summary>The solution as solve.sh: installers removed, Harbor's solution files unpacked where solve.sh expects them.</summary>
    private static string SolutionScript(SourceTask source, ConvertedScript solution)
    {
        var lines = new List<string> { "#!/bin/bash", $"# Reference solution imported from {source.SolutionName} (installers moved to build time; see IMPORT.md)." };
        foreach (var (key, value) in source.SolutionEnvironment) lines.Add($"export {key}={Quote(value)}");
        if (source.SolutionFiles.Count > 0)
        {
            // Harbor uploads solution/ to /solution; the agent's uid cannot create /solution, so the files
            // are unpacked under /tmp and solve.sh's /solution paths point there.
            lines.Add("mkdir -p /tmp/hb-solution");
            foreach (var (relative, full) in source.SolutionFiles.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                var bytes = File.ReadAllBytes(full);
                if (bytes.Length > 1 << 20) throw new ImportRefusedException(RefusalKind.NotATask, $"solution/{relative} is larger than 1 MiB");
                lines.Add($"mkdir -p \"$(dirname /tmp/hb-solution/{relative})\" && echo '{Convert.ToBase64String(bytes)}' | base64 -d > /tmp/hb-solution/{relative}");
            }
        }
        foreach (var line in solution.Kept.Concat(solution.AfterPytest))
            lines.Add(source.SolutionFiles.Count > 0 ? line.Replace("/solution/", "/tmp/hb-solution/", StringComparison.Ordinal).Replace("/solution ", "/tmp/hb-solution ", StringComparison.Ordinal) : line);
        return string.Join('\n', lines) + "\n";
    }

    private static string? Include(string testsDirectory, string path)
    {
        var name = RewritePaths(path);
        var relative = name.StartsWith("/tests/", StringComparison.Ordinal) ? name["/tests/".Length..] : name.StartsWith("tests/", StringComparison.Ordinal) ? name[6..] : null;
        if (relative is null) return null;
        var full = Path.Combine(testsDirectory, relative);
        return File.Exists(full) ? File.ReadAllText(full) : null;
    }

    private static string RewritePaths(string text) =>
        text.Replace("${TEST_DIR}", "/tests", StringComparison.Ordinal).Replace("$TEST_DIR", "/tests", StringComparison.Ordinal);

    private static bool IsCdToWorkdir(string line, string workdir) => line.Trim() is var t && (t == $"cd {workdir}" || t == "cd /workspace" || t == "cd $WORKDIR");

    // The driver's steps must fit its budget (the grader limit minus a margin): tests (+ pre-steps) plus a quarter and 30 s.
    private static int GraderTimeout(int testTimeout, bool preSteps) => (int)Math.Ceiling(testTimeout * (preSteps ? 2 : 1) * 1.25) + 30;

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    internal static string Seconds(int seconds) => seconds.ToString(CultureInfo.InvariantCulture) + "s";
}
