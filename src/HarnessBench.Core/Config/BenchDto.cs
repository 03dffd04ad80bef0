namespace HarnessBench.Core.Config;

/// <summary>bench.yaml as written: located raw values, not yet validated (phase one).</summary>
internal sealed record BenchDto(SourceLocation At)
{
    public static IReadOnlyList<string> Keys { get; } =
        ["name", "run", "results", "tasks_dir", "models", "harnesses", "tasks", "repeats", "warmup", "concurrency", "timeouts", "sandbox", "audit", "bare", "backend", "swarm"];

    public YScalar? Name { get; init; }
    public YScalar? Run { get; init; }
    public YScalar? Results { get; init; }
    public YScalar? TasksDir { get; init; }
    public IReadOnlyList<ModelDto>? Models { get; init; }
    public IReadOnlyList<YScalar>? Harnesses { get; init; }

    /// <summary>Null = every task; otherwise the union of what the selectors match.</summary>
    public IReadOnlyList<SelectorDto>? Tasks { get; init; }
    public YScalar? Repeats { get; init; }
    public YScalar? Warmup { get; init; }
    public YScalar? Concurrency { get; init; }
    public YScalar? AgentTimeout { get; init; }
    public YScalar? GraderTimeout { get; init; }
    public YScalar? TimeoutsOverride { get; init; }
    public YScalar? Cpus { get; init; }
    public YScalar? Memory { get; init; }
    public YScalar? Pids { get; init; }
    public YScalar? Tmpfs { get; init; }
    public YScalar? WorkspaceMax { get; init; }
    public YScalar? WorkspaceFiles { get; init; }
    public YScalar? Layout { get; init; }
    public YScalar? BareMaxTurns { get; init; }
    public YScalar? BareCommandTimeout { get; init; }
    public YScalar? Backend { get; init; }
    public YScalar? SwarmRegistry { get; init; }

    /// <summary>audit: mapping (null when absent); its keys are read by <see cref="AuditDto"/>.</summary>
    public AuditDto? Audit { get; init; }

    public static BenchDto? Read(YNode? root, ConfigErrors errors)
    {
        if (root is null) return null;
        if (root is not YMapping map)
        {
            errors.Add(root.At, $"bench.yaml must be a mapping of settings, not {root.Kind}", "start with 'name: <bench name>'");
            return null;
        }
        var r = new MapReader(map, Keys, errors, "bench.yaml");
        var timeouts = r.Mapping("timeouts", "e.g. timeouts: { agent: 10m, grader: 2m }") is { } t
            ? new MapReader(t, ["agent", "grader", "override"], errors, "timeouts")
            : null;
        var sandbox = r.Mapping("sandbox", "e.g. sandbox: { cpus: 1, memory: 2g, pids: 512, tmpfs: 512m }") is { } s
            ? new MapReader(s, ["cpus", "memory", "pids", "tmpfs", "layout", "workspace", "workspace_files"], errors, "sandbox")
            : null;
        var bare = r.Mapping("bare", "e.g. bare: { max_turns: 10, command_timeout: 2m }") is { } b
            ? new MapReader(b, ["max_turns", "command_timeout"], errors, "bare")
            : null;
        var swarm = r.Mapping("swarm", "e.g. swarm: { registry: 10.0.0.5:5000 }") is { } w
            ? new MapReader(w, ["registry"], errors, "swarm")
            : null;
        return new BenchDto(map.At)
        {
            Name = r.Scalar("name", required: true, "add 'name: <bench name>'"),
            Run = r.Scalar("run"),
            Results = r.Scalar("results"),
            TasksDir = r.Scalar("tasks_dir"),
            Models = r.Sequence("models", required: false, hint: "add a list of models, e.g. '- name: demo' with 'scripted: scripts/demo.yaml'")
                ?.Select(node => ModelDto.Read(node, errors)).OfType<ModelDto>().ToList(),
            Harnesses = r.Sequence("harnesses", required: true, allowSingle: true, hint: "e.g. harnesses: [oracle, nop]") is { } hs
                ? Scalars(hs, "harnesses", errors)
                : null,
            Tasks = r.Sequence("tasks", allowSingle: true, hint: "a list of task ids, globs or { tags, difficulty } selectors")
                ?.Select(node => SelectorDto.Read(node, errors)).OfType<SelectorDto>().ToList(),
            Repeats = r.Scalar("repeats"),
            Warmup = r.Scalar("warmup"),
            Concurrency = r.Scalar("concurrency"),
            AgentTimeout = timeouts?.Scalar("agent"),
            GraderTimeout = timeouts?.Scalar("grader"),
            TimeoutsOverride = timeouts?.Scalar("override"),
            Cpus = sandbox?.Scalar("cpus"),
            Memory = sandbox?.Scalar("memory"),
            Pids = sandbox?.Scalar("pids"),
            Tmpfs = sandbox?.Scalar("tmpfs"),
            WorkspaceMax = sandbox?.Scalar("workspace"),
            WorkspaceFiles = sandbox?.Scalar("workspace_files"),
            Layout = sandbox?.Scalar("layout", hint: "isolated (default) or legacy"),
            Audit = AuditDto.Read(r, errors),
            BareMaxTurns = bare?.Scalar("max_turns"),
            BareCommandTimeout = bare?.Scalar("command_timeout"),
            Backend = r.Scalar("backend", hint: "local (default) or swarm"),
            SwarmRegistry = swarm?.Scalar("registry", hint: "HOST:PORT of the registry every swarm node pulls from"),
        };
    }

    private static List<YScalar> Scalars(IReadOnlyList<YNode> nodes, string key, ConfigErrors errors)
    {
        var result = new List<YScalar>();
        foreach (var node in nodes)
        {
            if (node is YScalar { IsNull: false } scalar) result.Add(scalar);
            else errors.Add(node.At, $"items of '{key}' must be names, not {node.Kind}");
        }
        return result;
    }
}

/// <summary>One entry of 'models' as written.</summary>
internal sealed record ModelDto(SourceLocation At, YScalar? Name, string? Kind, YNode? KindValue)
{
    public static IReadOnlyList<string> Keys { get; } = ["name", .. ModelKinds.All, "family", "params", "quant", "prices", "serve"];

    public YScalar? Family { get; init; }
    public YNode? Serve { get; init; }
    public YScalar? Params { get; init; }
    public YScalar? Quant { get; init; }
    public YScalar? InputPrice { get; init; }
    public YScalar? OutputPrice { get; init; }

    public static ModelDto? Read(YNode node, ConfigErrors errors)
    {
        if (node is not YMapping map)
        {
            errors.Add(node.At, $"each model must be a mapping, not {node.Kind}", "e.g. '- name: demo' then 'scripted: scripts/demo.yaml'");
            return null;
        }
        var r = new MapReader(map, Keys, errors, "model");
        var kinds = ModelKinds.All.Where(r.Has).ToList();
        if (kinds.Count == 0)
            errors.Add(map.At, "the model says nothing about how it is served", $"add one of: {string.Join(", ", ModelKinds.All)}");
        if (kinds.Count > 1)
            errors.Add(r.Node(kinds[1])!.At, $"a model has exactly one kind, found {string.Join(" and ", kinds)}", "split it into two models");
        var prices = r.Mapping("prices", "e.g. prices: { input: 0.3, output: 1.2 } (USD per million tokens)") is { } p
            ? new MapReader(p, ["input", "output"], errors, "prices")
            : null;
        var kind = kinds.Count == 1 ? kinds[0] : null;
        return new ModelDto(map.At, r.Scalar("name", required: true, "add 'name: <model name>'"), kind, kind is null ? null : r.Node(kind))
        {
            Family = r.Scalar("family"),
            Params = r.Scalar("params"),
            Quant = r.Scalar("quant"),
            InputPrice = prices?.Scalar("input"),
            OutputPrice = prices?.Scalar("output"),
            Serve = r.Node("serve"),
        };
    }
}

/// <summary>One entry of 'tasks': an id or glob, or a mapping whose conditions must all hold.</summary>
internal sealed record SelectorDto(SourceLocation At, YScalar? Id, YScalar? Glob, IReadOnlyList<YScalar> Tags, IReadOnlyList<YScalar> Difficulty)
{
    public static SelectorDto? Read(YNode node, ConfigErrors errors)
    {
        if (node is YScalar { IsNull: false } scalar)
        {
            var isGlob = scalar.Value.AsSpan().IndexOfAny("*?[") >= 0;
            return new SelectorDto(scalar.At, isGlob ? null : scalar, isGlob ? scalar : null, [], []);
        }
        if (node is not YMapping map)
        {
            errors.Add(node.At, $"a task selector is a task id, a glob or a mapping, not {node.Kind}", "e.g. '- fizzbuzz', '- \"py-*\"' or '- tags: [rust]'");
            return null;
        }
        var r = new MapReader(map, ["id", "glob", "tags", "difficulty"], errors, "task selector");
        var selector = new SelectorDto(map.At, r.Scalar("id"), r.Scalar("glob"), r.Scalars("tags"), r.Scalars("difficulty"));
        if (selector is not { Id: null, Glob: null, Tags.Count: 0, Difficulty.Count: 0 }) return selector;
        errors.Add(map.At, "empty task selector", "use id, glob, tags and/or difficulty");
        return null;
    }
}
