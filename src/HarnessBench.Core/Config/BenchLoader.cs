using System.Diagnostics.CodeAnalysis;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Core.Config;

/// <summary>What the caller knows that bench.yaml is checked against.</summary>
/// <param name="KnownHarnesses">Harness names the caller can run (the registry's names).</param>
public sealed record BenchLoadOptions(IReadOnlySet<string> KnownHarnesses)
{
    /// <summary>Toolchain image names that exist; null skips the check.</summary>
    public IReadOnlySet<string>? KnownToolchains { get; init; }

    /// <summary>Used for the default concurrency (half the cores, at least 1).</summary>
    public int ProcessorCount { get; init; } = Environment.ProcessorCount;
}

/// <summary>Either a valid bench or every error found in bench.yaml and the task directories.</summary>
public sealed record BenchLoadResult(Bench? Bench, IReadOnlyList<ConfigError> Errors)
{
    /// <summary>Problems that do not stop the bench: errors of broken tasks it does not select.</summary>
    public IReadOnlyList<ConfigError> Warnings { get; init; } = [];

    [MemberNotNullWhen(true, nameof(Bench))]
    public bool Succeeded => Bench is not null;
}

/// <summary>Loads bench.yaml in two phases (shape, then meaning) and reports all errors together.</summary>
public static class BenchLoader
{
    public static BenchLoadResult Load(string benchFile, BenchLoadOptions options)
    {
        var errors = new ConfigErrors();
        if (!File.Exists(benchFile))
        {
            errors.Add(new SourceLocation(benchFile, 1, 1), "file not found", "pass the path of a bench file, e.g. ./hbench run bench.yaml");
            return new BenchLoadResult(null, errors.ToSortedList());
        }
        var warnings = new ConfigErrors();
        var dto = BenchDto.Read(YamlTree.Parse(File.ReadAllText(benchFile), benchFile, errors), errors);
        var bench = dto is null ? null : Validate(dto, benchFile, options, errors, warnings);
        return errors.Count == 0 && bench is not null
            ? new BenchLoadResult(bench, []) { Warnings = warnings.ToSortedList() }
            : new BenchLoadResult(null, errors.ToSortedList()) { Warnings = warnings.ToSortedList() };
    }

    private static Bench? Validate(BenchDto dto, string benchFile, BenchLoadOptions options, ConfigErrors errors, ConfigErrors warnings)
    {
        var displayBase = Path.GetDirectoryName(benchFile) ?? "";
        var baseDirectory = Path.GetFullPath(string.IsNullOrEmpty(displayBase) ? "." : displayBase);
        var name = ScalarReader.Name(dto.Name, "name", errors);
        var run = dto.Run is null ? name : ScalarReader.Name(dto.Run, "run", errors);
        var results = ScalarReader.Text(dto.Results, "results", errors) ?? "results";
        // No models: the built-in harnesses (oracle, nop) need none; their cells run under the model "none".
        var models = dto.Models is null ? [ModelSpec.None] : ModelValidator.Validate(dto.Models, baseDirectory, errors);
        if (dto.Models is { Count: 0 })
            errors.Add(dto.At, "'models' is empty", "add at least one model");
        var harnesses = ValidateHarnesses(dto, options.KnownHarnesses, errors);
        // The in-process harnesses talk to a model through the gateway; the model "none" has no gateway session.
        if (dto.Models is null && dto.Harnesses?.FirstOrDefault(h => h.Value is Harnesses.BareHarness.HarnessName or Harnesses.SingleShotHarness.HarnessName) is { } inProcess)
            errors.Add(inProcess.At, $"harness '{inProcess.Value}' needs a model to talk to, and the bench has no 'models'",
                "add a model, e.g. '- name: demo' with 'scripted: harnesses/scripted/oracle.yaml'");
        var tasks = LoadTasks(dto, displayBase, baseDirectory, options, errors, warnings, out var tasksDirectory);
        var timeouts = new CellTimeouts(
            ScalarReader.Duration(dto.AgentTimeout, "timeouts.agent", errors) ?? CellTimeouts.Default.Agent,
            ScalarReader.Duration(dto.GraderTimeout, "timeouts.grader", errors) ?? CellTimeouts.Default.Grader);
        var defaults = SandboxLimits.Default;
        var limits = new SandboxLimits(
            ScalarReader.Number(dto.Cpus, "sandbox.cpus", 0.01, 1024, errors) ?? defaults.Cpus,
            ScalarReader.ByteSize(dto.Memory, "sandbox.memory", 6L << 20, errors) ?? defaults.MemoryBytes,
            ScalarReader.Int(dto.Pids, "sandbox.pids", 16, 1_000_000, errors) ?? defaults.Pids,
            ScalarReader.ByteSize(dto.Tmpfs, "sandbox.tmpfs", 1L << 20, errors) ?? defaults.TmpfsBytes)
        {
            WorkspaceBytes = ScalarReader.ByteSize(dto.WorkspaceMax, "sandbox.workspace", 1L << 20, errors) ?? defaults.WorkspaceBytes,
            WorkspaceFiles = ScalarReader.Int(dto.WorkspaceFiles, "sandbox.workspace_files", 100, 10_000_000, errors) ?? defaults.WorkspaceFiles,
        };
        var timeoutsOverride = ScalarReader.Bool(dto.TimeoutsOverride, "timeouts.override", errors) ?? false;
        if (timeoutsOverride && dto.AgentTimeout is null && dto.GraderTimeout is null)
            errors.Add(dto.TimeoutsOverride!.At, "'timeouts.override: true' without timeouts to apply", "add 'agent:' and/or 'grader:' next to it");
        var repeats = ScalarReader.Int(dto.Repeats, "repeats", 1, 1000, errors) ?? 1;
        var warmup = ScalarReader.Bool(dto.Warmup, "warmup", errors) ?? false;
        var concurrency = ScalarReader.Int(dto.Concurrency, "concurrency", 1, 256, errors) ?? Math.Max(1, options.ProcessorCount / 2);
        var audit = AuditValidator.Validate(dto.Audit, dto.Layout, errors);
        var bare = new Agents.BareOptions(
            ScalarReader.Int(dto.BareMaxTurns, "bare.max_turns", 1, 1000, errors) ?? Agents.BareOptions.Default.MaxTurns,
            ScalarReader.Duration(dto.BareCommandTimeout, "bare.command_timeout", errors) ?? Agents.BareOptions.Default.CommandTimeout);
        var backend = ValidateBackend(dto.Backend, errors);
        var registry = ValidateRegistry(dto.SwarmRegistry, errors);
        if (errors.Count > 0 || name is null || run is null) return null;
        return new Bench(name, run, benchFile, Path.GetFullPath(Path.Combine(baseDirectory, results)), tasksDirectory,
            models, harnesses, tasks, repeats, concurrency, timeouts, limits)
        {
            Audit = audit,
            Bare = bare,
            Warmup = warmup,
            Backend = backend,
            SwarmRegistry = registry,
            ForcedTimeouts = timeoutsOverride ? (dto.AgentTimeout is null ? null : timeouts.Agent, dto.GraderTimeout is null ? null : timeouts.Grader) : (null, null),
        };
    }

    private static ExecutionBackend ValidateBackend(YScalar? scalar, ConfigErrors errors)
    {
        if (scalar is null) return ExecutionBackend.Local;
        if (ExecutionBackends.Parse(scalar.Value) is { } backend) return backend;
        errors.Add(scalar.At, $"unknown backend '{scalar.Value}'",
            $"{DidYouMean.Hint(scalar.Value, ExecutionBackends.Names)} use local (default) or swarm".TrimStart());
        return ExecutionBackend.Local;
    }

    /// <summary>HOST:PORT as engines name a registry (no scheme, no path): a host name or IPv4 address and a port.</summary>
    private static string? ValidateRegistry(YScalar? scalar, ConfigErrors errors)
    {
        if (scalar is null) return null;
        string value = scalar.Value.Trim();
        int colon = value.LastIndexOf(':');
        bool valid = colon > 0
            && int.TryParse(value[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port) && port is >= 1 and <= 65535
            && Uri.CheckHostName(value[..colon]) is UriHostNameType.Dns or UriHostNameType.IPv4;
        if (valid) return value;
        errors.Add(scalar.At, $"swarm.registry '{scalar.Value}' is not HOST:PORT",
            "e.g. 'registry: 10.0.0.5:5000' (no https://, no path): the registry every swarm node pulls cell images from");
        return null;
    }

    private static List<string> ValidateHarnesses(BenchDto dto, IReadOnlySet<string> known, ConfigErrors errors)
    {
        var result = new List<string>();
        var seen = new Dictionary<string, YScalar>(StringComparer.Ordinal);
        if (dto.Harnesses is { Count: 0 })
            errors.Add(dto.At, "'harnesses' is empty", $"add at least one of: {string.Join(", ", known.Order(StringComparer.Ordinal))}");
        foreach (var harness in dto.Harnesses ?? [])
        {
            if (seen.TryGetValue(harness.Value, out var first))
                errors.Add(harness.At, $"duplicate harness '{harness.Value}' (first at line {first.At.Line})", "list each harness once; use 'repeats' for more runs");
            else if (!known.Contains(harness.Value))
                errors.Add(harness.At, $"unknown harness '{harness.Value}'",
                    $"{DidYouMean.Hint(harness.Value, known)} known harnesses: {string.Join(", ", known.Order(StringComparer.Ordinal))}".TrimStart());
            else
                result.Add(harness.Value);
            seen.TryAdd(harness.Value, harness);
        }
        return result;
    }

    private static IReadOnlyList<TaskDefinition> LoadTasks(BenchDto dto, string displayBase, string baseDirectory, BenchLoadOptions options, ConfigErrors errors, ConfigErrors warnings, out string tasksDirectory)
    {
        var relative = ScalarReader.Text(dto.TasksDir, "tasks_dir", errors) ?? "tasks";
        tasksDirectory = Path.GetFullPath(Path.Combine(baseDirectory, relative));
        var display = Path.Combine(displayBase, relative);
        if (!Directory.Exists(tasksDirectory))
        {
            errors.Add(dto.TasksDir?.At ?? dto.At, $"tasks directory '{display}' not found",
                "set 'tasks_dir:' (relative to bench.yaml) to the directory holding one folder per task");
            return [];
        }
        // A broken task blocks only a bench that selects it (by name or glob, or by selecting every task).
        var taskErrors = new ConfigErrors();
        var all = TaskCatalog.LoadAll(tasksDirectory, display, options.KnownToolchains, taskErrors);
        var names = TaskCatalog.DirectoryNames(tasksDirectory);
        var selected = TaskSelection.Select(dto.Tasks, all, names, display, errors);
        var broken = names.Where(n => all.All(t => t.Id != n)).ToHashSet(StringComparer.Ordinal);
        foreach (var error in taskErrors.ToSortedList())
        {
            var task = broken.FirstOrDefault(n => error.Location.File.StartsWith(Path.Combine(display, n) + Path.DirectorySeparatorChar, StringComparison.Ordinal));
            if (task is null || TaskSelection.Names(dto.Tasks, task)) errors.Add(error.Location, error.Message, error.Hint);
            else warnings.Add(error.Location, error.Message, (error.Hint is null ? "" : error.Hint + "; ") + $"task '{task}' is not selected by this bench, so it is skipped");
        }
        if (dto.Tasks is { Count: 0 })
            errors.Add(dto.At, "'tasks' is an empty list", "remove 'tasks' to run every task, or list ids, globs or selectors");
        return selected;
    }
}
