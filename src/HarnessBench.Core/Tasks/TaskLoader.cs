using HarnessBench.Core.Config;

namespace HarnessBench.Core.Tasks;

/// <summary>Loads and validates one tasks/&lt;id&gt;/ directory (phase two: DTO → record, plus file checks).</summary>
internal static class TaskLoader
{
    public const string DefaultPromptFile = "instruction.md";

    /// <param name="directory">Absolute task directory.</param>
    /// <param name="displayDirectory">The same directory as shown in messages.</param>
    public static TaskDefinition? Load(string directory, string displayDirectory, IReadOnlySet<string>? knownToolchains, ConfigErrors errors)
    {
        var file = Path.Combine(displayDirectory, "task.yaml");
        var top = new SourceLocation(file, 1, 1);
        var yamlPath = Path.Combine(directory, "task.yaml");
        if (!File.Exists(yamlPath))
        {
            errors.Add(top, $"task directory '{displayDirectory}' has no task.yaml",
                "add task.yaml (id, title, prompt, language, difficulty, category, toolchain), or prefix the directory with '_' to ignore it");
            return null;
        }
        var before = errors.Count;
        var dto = TaskDto.Read(YamlTree.Parse(File.ReadAllText(yamlPath), file, errors), errors);
        if (dto is null) return null;

        var dirName = Path.GetFileName(directory);
        var id = ScalarReader.Name(dto.Id, "id", errors);
        if (id is not null && id != dirName)
            errors.Add(dto.Id!.At, $"task id '{id}' does not match its directory '{dirName}'", $"use 'id: {dirName}' or rename the directory");
        var difficulty = ParseDifficulty(dto.Difficulty, errors);
        var hasEnvironment = File.Exists(Path.Combine(directory, TaskDefinition.EnvironmentFolder, "Dockerfile"));
        var toolchain = TaskToolchains.Read(dto.Toolchains, hasEnvironment, knownToolchains, errors);
        var prompt = ReadPrompt(dto, directory, displayDirectory, top, errors, out var promptFile);
        var tags = dto.Tags.Select(t => ScalarReader.Name(t, "tags", errors)).OfType<string>().ToList();
        var definition = new TaskDefinition(
            id ?? dirName,
            ScalarReader.Text(dto.Title, "title", errors) ?? "",
            prompt ?? "",
            ScalarReader.Text(dto.Language, "language", errors) ?? "",
            difficulty ?? Difficulty.Medium,
            ScalarReader.Text(dto.Category, "category", errors) ?? "",
            tags,
            toolchain ?? "",
            directory,
            ContentHash: "")
        {
            AgentTimeout = ScalarReader.Duration(dto.AgentTimeout, "timeouts.agent", errors),
            GraderTimeout = ScalarReader.Duration(dto.GraderTimeout, "timeouts.grader", errors),
            Resources = new TaskResources(
                ScalarReader.Number(dto.Cpus, "resources.cpus", 0.01, 1024, errors),
                ScalarReader.ByteSize(dto.Memory, "resources.memory", 6L << 20, errors),
                ScalarReader.Int(dto.Pids, "resources.pids", 16, 1_000_000, errors)),
            SetupNotes = dto.Setup?.Value,
            ExpectedAgentTime = ScalarReader.Duration(dto.ExpectedAgentTime, "expected_agent_time", errors),
            HasWrongSolution = Directory.Exists(Path.Combine(directory, "wrong")),
            HasEnvironment = hasEnvironment,
            Imported = File.Exists(Path.Combine(directory, TaskDefinition.ImportNotesFile)),
            SingleShot = ReadSingleShot(dto, directory, errors),
            Checks = ScalarReader.Int(dto.Checks, "checks", 1, 100_000, errors) ?? 0,
        };
        definition = definition with { Surface = ReadSurface(dto, definition.SingleShot, top, errors) };
        CheckFiles(definition, top, errors);
        if (errors.Count != before) return null;
        return definition with { ContentHash = TaskContentHasher.Compute(directory, promptFile) };
    }

    /// <summary>mode: agent (default) or single-shot; single-shot needs single_shot.file inside the workspace, with a reference answer in solution/.</summary>
    private static SingleShotAnswer? ReadSingleShot(TaskDto dto, string directory, ConfigErrors errors)
    {
        var mode = dto.Mode?.Value ?? "agent";
        if (mode is not ("agent" or "single-shot"))
        {
            errors.Add(dto.Mode!.At, $"'mode' must be agent or single-shot, not '{mode}'", DidYouMean.Hint(mode, ["agent", "single-shot"]));
            return null;
        }
        if (mode == "agent")
        {
            if (dto.SingleShotAt is { } at)
                errors.Add(at, "'single_shot' is set but the task's mode is agent", "add 'mode: single-shot' or remove 'single_shot'");
            return null;
        }
        if (dto.SingleShotFile is not { } file)
        {
            if (dto.SingleShotAt is null)
                errors.Add(dto.Mode!.At, "a single-shot task needs the file its answer goes to", "add 'single_shot: { file: solution.py }'");
            return null;
        }
        var path = file.Value.Replace('\\', '/');
        if (path.Length == 0 || path.StartsWith('/') || path.Split('/').Any(p => p is "" or "." or ".."))
        {
            errors.Add(file.At, $"single_shot.file '{file.Value}' must be a relative path inside the workspace", "e.g. file: solution.py or file: src/main.rs");
            return null;
        }
        if (!File.Exists(Path.Combine(directory, "solution", path)))
        {
            errors.Add(file.At, $"single_shot.file '{path}' has no reference answer: solution/{path} is missing",
                $"add solution/{path}: the oracle harness and the scripted single-shot model answer with it");
            return null;
        }
        return new SingleShotAnswer(path);
    }

    /// <summary>surface: globs (required; a single-shot task's answer file is its surface unless it says otherwise).</summary>
    private static SolutionSurface? ReadSurface(TaskDto dto, SingleShotAnswer? singleShot, SourceLocation top, ConfigErrors errors)
    {
        if (dto.Surface.Count == 0)
        {
            if (singleShot is not null && dto.SurfaceAt is null) return SolutionSurface.Create([singleShot.File]);
            errors.Add(dto.SurfaceAt ?? top, dto.SurfaceAt is null ? "missing required key 'surface'" : "'surface' is empty",
                "list the workspace files the grader takes from the agent, e.g. surface: [wordfreq.py] or surface: [\"src/**/*.rs\", \"!src/main.rs\"]");
            return null;
        }
        var valid = true;
        foreach (var glob in dto.Surface)
        {
            if (SolutionSurface.Problem(glob.Value) is not { } problem) continue;
            errors.Add(glob.At, $"surface glob '{glob.Value}' has {problem}", "globs are workspace-relative: '*', '?', '**' and a leading '!' to exclude");
            valid = false;
        }
        if (!valid) return null;
        if (dto.Surface.All(g => g.Value.StartsWith('!')))
        {
            errors.Add(dto.Surface[0].At, "'surface' only excludes files", "add at least one glob that includes the files the agent changes");
            return null;
        }
        return SolutionSurface.Create([.. dto.Surface.Select(g => g.Value)]);
    }

    private static Difficulty? ParseDifficulty(YScalar? scalar, ConfigErrors errors)
    {
        if (scalar is null) return null;
        if (Enum.TryParse<Difficulty>(scalar.Value, ignoreCase: true, out var value) && scalar.Value.All(char.IsAsciiLetterLower))
            return value;
        errors.Add(scalar.At, $"'difficulty' must be easy, medium or hard, not '{scalar.Value}'",
            DidYouMean.Hint(scalar.Value, ["easy", "medium", "hard"]));
        return null;
    }

    private static string? ReadPrompt(TaskDto dto, string directory, string displayDirectory, SourceLocation top, ConfigErrors errors, out string? promptFile)
    {
        promptFile = null;
        if (dto.Prompt is not null && dto.PromptFile is not null)
        {
            errors.Add(dto.PromptFile.At, "both 'prompt' and 'prompt_file' are set", "keep one: the agent sees exactly one prompt");
            return null;
        }
        if (dto.Prompt is not null)
        {
            if (File.Exists(Path.Combine(directory, DefaultPromptFile)))
                errors.Add(dto.Prompt.At, $"both an inline 'prompt' and {DefaultPromptFile} exist", $"keep one: remove the inline prompt or {DefaultPromptFile}");
            return ScalarReader.Text(dto.Prompt, "prompt", errors);
        }
        var relative = dto.PromptFile?.Value ?? DefaultPromptFile;
        var at = dto.PromptFile?.At ?? top;
        var full = Path.GetFullPath(Path.Combine(directory, relative));
        if (!full.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            errors.Add(at, $"prompt_file '{relative}' is outside the task directory", "use a path inside the task directory");
            return null;
        }
        if (!File.Exists(full))
        {
            errors.Add(at, dto.PromptFile is null ? "the task has no prompt" : $"prompt_file '{relative}' not found in {displayDirectory}",
                $"add 'prompt: |' to task.yaml or write the prompt to {displayDirectory}/{DefaultPromptFile}");
            return null;
        }
        promptFile = relative;
        var text = File.ReadAllText(full);
        if (string.IsNullOrWhiteSpace(text))
            errors.Add(at, $"the prompt file '{relative}' is empty");
        return text;
    }

    private static void CheckFiles(TaskDefinition task, SourceLocation top, ConfigErrors errors)
    {
        if (!File.Exists(Path.Combine(task.TestsDirectory, "test.sh")))
        {
            errors.Add(top, $"task '{task.Id}' has no tests/test.sh",
                "add tests/test.sh: the hidden grader, run as 'bash /tests/test.sh' in /workspace; exit 0 means pass");
        }
        var solution = task.SolutionDirectory;
        if (!Directory.Exists(solution) || !Directory.EnumerateFileSystemEntries(solution).Any())
        {
            errors.Add(top, $"task '{task.Id}' has no reference solution in solution/",
                "add solution/ with files that overlay the workspace and/or solution/solve.sh (the oracle harness runs it)");
        }
        var workspace = task.WorkspaceDirectory;
        if (File.Exists(workspace))
            errors.Add(top, "workspace must be a directory, not a file", "move the seed files into workspace/");
    }
}
