using HarnessBench.Core.Config;

namespace HarnessBench.Core.Tasks;

/// <summary>task.yaml as written: located raw values, not yet validated (phase one).</summary>
internal sealed record TaskDto(SourceLocation At)
{
    public static IReadOnlyList<string> Keys { get; } =
    [
        "id", "title", "prompt", "prompt_file", "language", "difficulty", "category", "tags", "toolchain",
        "timeouts", "resources", "setup", "expected_agent_time", "mode", "single_shot", "checks", "surface",
    ];

    public YScalar? Id { get; init; }
    public YScalar? Title { get; init; }
    public YScalar? Prompt { get; init; }
    public YScalar? PromptFile { get; init; }
    public YScalar? Language { get; init; }
    public YScalar? Difficulty { get; init; }
    public YScalar? Category { get; init; }
    public IReadOnlyList<YScalar> Tags { get; init; } = [];
    /// <summary>One toolchain, or several to combine (<c>toolchain: [python, c-cpp]</c>).</summary>
    public IReadOnlyList<YScalar> Toolchains { get; init; } = [];
    public YScalar? AgentTimeout { get; init; }
    public YScalar? GraderTimeout { get; init; }
    public YScalar? Cpus { get; init; }
    public YScalar? Memory { get; init; }
    public YScalar? Pids { get; init; }
    public YScalar? Setup { get; init; }
    public YScalar? ExpectedAgentTime { get; init; }
    public YScalar? Mode { get; init; }
    public YScalar? Checks { get; init; }

    /// <summary>Where surface: was written (null when absent).</summary>
    public SourceLocation? SurfaceAt { get; init; }
    public IReadOnlyList<YScalar> Surface { get; init; } = [];

    /// <summary>Where single_shot: was written (null when absent).</summary>
    public SourceLocation? SingleShotAt { get; init; }
    public YScalar? SingleShotFile { get; init; }

    private static IReadOnlyList<YScalar> ReadToolchains(MapReader r, ConfigErrors errors)
    {
        const string Hint = "the image the task needs, e.g. toolchain: python, or several to combine: toolchain: [python, c-cpp]";
        if (r.Node("toolchain") is null)
        {
            errors.Add(r.At, "missing required key 'toolchain'", Hint);
            return [];
        }
        return r.Scalars("toolchain", Hint);
    }

    /// <summary>Reads the shape of task.yaml; reports unknown keys and wrong shapes.</summary>
    public static TaskDto? Read(YNode? root, ConfigErrors errors)
    {
        if (root is null) return null;
        if (root is not YMapping map)
        {
            errors.Add(root.At, $"task.yaml must be a mapping of settings, not {root.Kind}", "start with 'id: <task id>'");
            return null;
        }
        var r = new MapReader(map, Keys, errors, "task.yaml");
        var timeouts = r.Mapping("timeouts", "e.g. timeouts: { agent: 10m, grader: 90s }") is { } t
            ? new MapReader(t, ["agent", "grader"], errors, "timeouts")
            : null;
        var resources = r.Mapping("resources", "e.g. resources: { cpus: 2, memory: 2g, pids: 256 }") is { } res
            ? new MapReader(res, ["cpus", "memory", "pids"], errors, "resources")
            : null;
        var singleShot = r.Mapping("single_shot", "e.g. single_shot: { file: solution.py }");
        var singleShotReader = singleShot is null ? null : new MapReader(singleShot, ["file"], errors, "single_shot");
        return new TaskDto(map.At)
        {
            Id = r.Scalar("id", required: true, "add 'id: <directory name>'"),
            Title = r.Scalar("title", required: true, "add a one-line 'title:'"),
            Prompt = r.Scalar("prompt"),
            PromptFile = r.Scalar("prompt_file"),
            Language = r.Scalar("language", required: true, "e.g. language: python"),
            Difficulty = r.Scalar("difficulty", required: true, "one of: easy, medium, hard"),
            Category = r.Scalar("category", required: true, "e.g. category: algorithms"),
            Tags = r.Scalars("tags", "e.g. tags: [python, parsing]"),
            Toolchains = ReadToolchains(r, errors),
            AgentTimeout = timeouts?.Scalar("agent"),
            GraderTimeout = timeouts?.Scalar("grader"),
            Cpus = resources?.Scalar("cpus"),
            Memory = resources?.Scalar("memory"),
            Pids = resources?.Scalar("pids"),
            Setup = r.Scalar("setup"),
            ExpectedAgentTime = r.Scalar("expected_agent_time"),
            Mode = r.Scalar("mode"),
            Checks = r.Scalar("checks", required: true, "the number of checks the grader reports, e.g. checks: 12 (see tasks/README.md)"),
            SurfaceAt = r.Node("surface")?.At,
            Surface = r.Scalars("surface", "the workspace files the grader takes from the agent, e.g. surface: [wordfreq.py] or surface: [\"src/**/*.rs\"]"),
            SingleShotAt = singleShot?.At,
            SingleShotFile = singleShotReader?.Scalar("file", required: true, "the workspace file the answer is written to, e.g. file: solution.py"),
        };
    }
}
