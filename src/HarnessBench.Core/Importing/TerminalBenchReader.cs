using System.Text.RegularExpressions;
using HarnessBench.Core.Config;

namespace HarnessBench.Core.Importing;

/// <summary>
/// Terminal-Bench v1 tasks: task.yaml (instruction, difficulty, category, tags, timeouts, parser),
/// Dockerfile and docker-compose.yaml (the build context is the task folder), run-tests.sh with
/// tests/, and solution.sh or solution.yaml (terminal keystrokes, turned into a script).
/// </summary>
internal static partial class TerminalBenchReader
{
    public const string Format = "terminal-bench";

    private static readonly string[] OwnFiles =
        ["task.yaml", "Dockerfile", "docker-compose.yaml", "docker-compose.yml", "run-tests.sh", "solution.sh", "solution.yaml", "tests", ".dockerignore", "README.md"];

    public static bool Recognizes(string directory) =>
        File.Exists(Path.Combine(directory, "task.yaml")) && !File.Exists(Path.Combine(directory, "task.toml"))
        && (File.Exists(Path.Combine(directory, "Dockerfile")) || File.Exists(Path.Combine(directory, "docker-compose.yaml")));

    public static SourceTask Read(string directory)
    {
        var yaml = Yaml.Load(Path.Combine(directory, "task.yaml"));
        var instruction = Yaml.Text(yaml, "instruction") ?? BaseDescription(yaml);
        if (string.IsNullOrWhiteSpace(instruction))
            throw new ImportRefusedException(RefusalKind.NotATask, "task.yaml has no instruction");
        var parser = Yaml.Text(yaml, "parser_name") ?? "pytest";
        if (parser != "pytest")
            throw new ImportRefusedException(RefusalKind.UnsupportedGrader, $"task.yaml's parser_name is '{parser}': only pytest results are mapped onto checks");
        var compose = Path.Combine(directory, "docker-compose.yaml");
        if (!File.Exists(compose)) compose = Path.Combine(directory, "docker-compose.yml");
        string? network = null;
        var imageEnvironment = File.Exists(compose) ? ComposeCheck.Check(compose, out network) : new Dictionary<string, string>();
        var dockerfile = Path.Combine(directory, "Dockerfile");
        if (!File.Exists(dockerfile))
            throw new ImportRefusedException(RefusalKind.PrebuiltImage, "the task has no Dockerfile (its compose file only names a prebuilt image)");
        var tests = Path.Combine(directory, "tests");
        var runTests = Path.Combine(directory, "run-tests.sh");
        var task = new SourceTask
        {
            Id = Path.GetFileName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar)),
            Format = Format,
            Directory = directory,
            Instruction = instruction,
            Difficulty = Yaml.Text(yaml, "difficulty"),
            Category = Yaml.Text(yaml, "category"),
            Tags = Yaml.Texts(yaml, "tags"),
            AgentTimeoutSeconds = Yaml.Number(yaml, "max_agent_timeout_sec"),
            TestTimeoutSeconds = Yaml.Number(yaml, "max_test_timeout_sec"),
            DockerfileText = File.ReadAllText(dockerfile),
            ContextDirectory = directory,
            ContextExcluded = OwnFiles.ToHashSet(StringComparer.Ordinal),
            TestsDirectory = tests,
            // Terminal-Bench's default when a task has none: pytest over tests/test_outputs.py.
            TestScript = File.Exists(runTests) ? File.ReadAllText(runTests) : "pytest $TEST_DIR/test_outputs.py -rA\n",
            TestScriptName = "run-tests.sh",
            SolutionScript = ReadSolution(directory, out var solutionName),
            SolutionName = solutionName,
            ImageEnvironment = imageEnvironment,
            ComposeNetwork = network,
        };
        if (!File.Exists(runTests)) task.Notes.Add("no run-tests.sh: Terminal-Bench's default (pytest over tests/test_outputs.py) is used");
        if (Yaml.Text(yaml, "run_tests_in_same_shell") == "true")
            task.Notes.Add("run_tests_in_same_shell: true is ignored: the tests always run in a fresh grader container on the final workspace");
        return task;
    }

    // Older Terminal-Bench tasks keep the instruction in descriptions: [{key: base, description: ...}].
    private static string? BaseDescription(YNode? yaml) =>
        (Yaml.Get(yaml, "descriptions") as YSequence)?.Items.Where(i => Yaml.Text(i, "key") == "base").Select(i => Yaml.Text(i, "description")).FirstOrDefault();

    private static string ReadSolution(string directory, out string name)
    {
        var script = Path.Combine(directory, "solution.sh");
        if (File.Exists(script))
        {
            name = "solution.sh";
            return File.ReadAllText(script);
        }
        var keystrokes = Path.Combine(directory, "solution.yaml");
        if (!File.Exists(keystrokes))
            throw new ImportRefusedException(RefusalKind.NotATask, "the task has no solution.sh or solution.yaml (the oracle needs a reference solution)");
        name = "solution.yaml";
        return Keystrokes(Yaml.Load(keystrokes));
    }

    /// <summary>solution.yaml's keystrokes as a script: each command typed and entered is one line.</summary>
    internal static string Keystrokes(YNode? node)
    {
        if (node is not YSequence steps)
            throw new ImportRefusedException(RefusalKind.NotATask, "solution.yaml is not a list of keystroke steps");
        var lines = new List<string> { "# Converted from solution.yaml: one line per command typed and entered." };
        foreach (var step in steps.Items)
        {
            var command = Yaml.Text(step, "command") ?? "";
            var enter = Yaml.Text(step, "append_enter") is not ("false" or "False");
            if (SpecialKey().IsMatch(command.Trim()) || !enter)
                throw new ImportRefusedException(RefusalKind.InteractiveSolution,
                    $"solution.yaml sends keystrokes ('{command.Trim()}'{(enter ? "" : " without Enter")}) to an interactive program; there is no script equivalent");
            if (Interactive().IsMatch(command.Trim()))
                throw new ImportRefusedException(RefusalKind.InteractiveSolution, $"solution.yaml starts the interactive program '{command.Trim()}'");
            lines.Add(command.TrimEnd('\n'));
        }
        return string.Join('\n', lines) + "\n";
    }

    [GeneratedRegex(@"^(?:C-|M-|S-)\S+$|^(?:Escape|Enter|Tab|BSpace|Up|Down|Left|Right|Home|End|PageUp|PageDown|F\d+)$")]
    private static partial Regex SpecialKey();

    [GeneratedRegex(@"^(?:vim?|nano|emacs|less|more|top|htop|man|python3?|node|ipython|sqlite3|psql|mysql)\s*$")]
    private static partial Regex Interactive();
}
