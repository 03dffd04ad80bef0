using System.Globalization;

namespace HarnessBench.Core.Importing;

/// <summary>
/// Harbor tasks: instruction.md, task.toml ([metadata] or [task], [verifier], [agent], [environment]
/// resources, allow_internet, docker_image, gpus and env tables, [solution] env), environment/Dockerfile
/// (its folder is the build context), tests/test.sh (writes a reward to /logs/verifier/reward.txt,
/// usually by running pytest), solution/solve.sh and the files next to it.
/// </summary>
internal static class HarborReader
{
    public const string Format = "harbor";

    private static readonly string[] ComposeFiles = ["docker-compose.yaml", "docker-compose.yml"];

    public static bool Recognizes(string directory) =>
        File.Exists(Path.Combine(directory, "task.toml")) && File.Exists(Path.Combine(directory, "instruction.md"));

    public static SourceTask Read(string directory)
    {
        Dictionary<string, object> toml;
        try
        {
            toml = MiniToml.Parse(File.ReadAllText(Path.Combine(directory, "task.toml")));
        }
        catch (FormatException e)
        {
            throw new ImportRefusedException(RefusalKind.NotATask, e.Message);
        }
        var environment = Path.Combine(directory, "environment");
        if (MiniToml.Get(toml, "steps") is List<object> { Count: > 0 } steps)
            throw new ImportRefusedException(RefusalKind.UnsupportedGrader, $"task.toml defines {steps.Count} steps ([[steps]]): a multi-step task has several instructions and verifiers, a HarnessBench task one of each");
        var gpus = Number(toml, "environment.gpus");
        if (gpus is > 0) throw new ImportRefusedException(RefusalKind.Gpus, $"task.toml asks for {gpus} GPU(s)");
        string? network = null;
        foreach (var compose in ComposeFiles.Select(n => Path.Combine(environment, n)).Where(File.Exists))
            ComposeCheck.Check(compose, out network);
        var dockerfile = Path.Combine(environment, "Dockerfile");
        if (!File.Exists(dockerfile))
        {
            throw new ImportRefusedException(RefusalKind.PrebuiltImage, MiniToml.Get(toml, "environment.docker_image") is string image
                ? $"the task only names a prebuilt image ({image}) and has no environment/Dockerfile to rebuild it from"
                : "the task has no environment/Dockerfile");
        }
        var testScript = Path.Combine(directory, "tests", "test.sh");
        if (!File.Exists(testScript)) throw new ImportRefusedException(RefusalKind.UnsupportedGrader, "the task has no tests/test.sh");
        var solve = Path.Combine(directory, "solution", "solve.sh");
        if (!File.Exists(solve)) throw new ImportRefusedException(RefusalKind.NotATask, "the task has no solution/solve.sh (the oracle needs a reference solution)");
        var solutionFiles = Directory.EnumerateFiles(Path.Combine(directory, "solution"), "*", SearchOption.AllDirectories)
            .Where(f => f != solve)
            .ToDictionary(f => Path.GetRelativePath(Path.Combine(directory, "solution"), f).Replace('\\', '/'), f => f, StringComparer.Ordinal);
        var memory = Number(toml, "environment.memory_mb") ?? ParseSize(MiniToml.Get(toml, "environment.memory") as string);
        var tags = Strings(MiniToml.Get(toml, "metadata.tags")).Concat(Strings(MiniToml.Get(toml, "task.keywords"))).Distinct(StringComparer.Ordinal).ToList();
        var task = new SourceTask
        {
            Id = Path.GetFileName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar)),
            Format = Format,
            Directory = directory,
            Instruction = File.ReadAllText(Path.Combine(directory, "instruction.md")),
            Difficulty = MiniToml.Get(toml, "metadata.difficulty") as string,
            Category = MiniToml.Get(toml, "metadata.category") as string,
            Tags = tags,
            AgentTimeoutSeconds = Number(toml, "agent.timeout_sec"),
            TestTimeoutSeconds = Number(toml, "verifier.timeout_sec"),
            DockerfileText = File.ReadAllText(dockerfile),
            ContextDirectory = environment,
            ContextExcluded = new HashSet<string>(["Dockerfile", "docker-compose.yaml", "docker-compose.yml", ".dockerignore"], StringComparer.Ordinal),
            TestsDirectory = Path.Combine(directory, "tests"),
            TestScript = File.ReadAllText(testScript),
            TestScriptName = "tests/test.sh",
            SolutionScript = File.ReadAllText(solve),
            SolutionName = "solution/solve.sh",
            SolutionFiles = solutionFiles,
            Cpus = Number(toml, "environment.cpus"),
            MemoryMegabytes = memory is null ? null : (long)memory.Value,
            VerifierEnvironment = Table(toml, "verifier.env"),
            SolutionEnvironment = Table(toml, "solution.env"),
            ImageEnvironment = Table(toml, "environment.env"),
            RewardFile = true,
            ComposeNetwork = network,
        };
        if (MiniToml.Get(toml, "environment.allow_internet") is true)
            task.Notes.Add("task.toml allows internet access; HarnessBench runs agent and grader offline (the task's tests and solution were checked for network use)");
        if (Number(toml, "environment.storage_mb") is { } storage)
            task.Notes.Add($"[environment] storage_mb = {storage} is not enforced (the workspace copy-out limits apply)");
        if (MiniToml.Get(toml, "verifier.user") is { } user)
            task.Notes.Add($"[verifier] user = {user} is not used: the tests run as uid 1000, the driver as root");
        if (MiniToml.Get(toml, "environment.docker_image") is string prebuilt)
            task.Notes.Add($"[environment] docker_image = {prebuilt} is not pulled: the image is built from environment/Dockerfile");
        return task;
    }

    private static double? Number(Dictionary<string, object> toml, string path) => MiniToml.Get(toml, path) switch
    {
        long l => l,
        double d => d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) => v,
        _ => null,
    };

    private static double? ParseSize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim().ToUpperInvariant();
        var factor = t.EndsWith('G') ? 1024.0 : t.EndsWith('M') ? 1.0 : t.EndsWith('K') ? 1 / 1024.0 : 0;
        return factor > 0 && double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v * factor : null;
    }

    private static IEnumerable<string> Strings(object? value) => value is List<object> list ? list.OfType<string>() : [];

    private static Dictionary<string, string> Table(Dictionary<string, object> toml, string path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (MiniToml.Get(toml, path) is Dictionary<string, object> table)
            foreach (var (key, value) in table)
                result[key] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        return result;
    }
}
