using HarnessBench.Core.Config;

namespace HarnessBench.Core.Importing;

/// <summary>A task as a source format describes it, read but not yet mapped (both formats end up here).</summary>
internal sealed class SourceTask
{
    public required string Id { get; init; }

    /// <summary>"terminal-bench" or "harbor".</summary>
    public required string Format { get; init; }

    public required string Directory { get; init; }

    public required string Instruction { get; init; }

    public string? Difficulty { get; init; }

    public string? Category { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public double? AgentTimeoutSeconds { get; init; }

    public double? TestTimeoutSeconds { get; init; }

    public required string DockerfileText { get; init; }

    /// <summary>The folder the Dockerfile's COPY sources are relative to.</summary>
    public required string ContextDirectory { get; init; }

    /// <summary>Context-relative paths that are the format's own files, never the seed (tests, solution, task files).</summary>
    public IReadOnlySet<string> ContextExcluded { get; init; } = new HashSet<string>();

    /// <summary>The format's tests folder (copied to the grader as tests/original, laid out at /tests).</summary>
    public required string TestsDirectory { get; init; }

    /// <summary>The script that runs the tests (run-tests.sh, tests/test.sh) and its name for notes.</summary>
    public required string TestScript { get; init; }

    public required string TestScriptName { get; init; }

    /// <summary>The reference solution as a shell script (keystrokes already turned into lines), and its name.</summary>
    public required string SolutionScript { get; init; }

    public required string SolutionName { get; init; }

    /// <summary>Harbor: files next to solve.sh (relative path -> full path), available to it under /solution.</summary>
    public IReadOnlyDictionary<string, string> SolutionFiles { get; init; } = new Dictionary<string, string>();

    public double? Cpus { get; init; }

    public long? MemoryMegabytes { get; init; }

    public IReadOnlyDictionary<string, string> VerifierEnvironment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> SolutionEnvironment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> ImageEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>Harbor: test.sh writes a reward file instead of being a plain pytest run.</summary>
    public bool RewardFile { get; init; }

    /// <summary>The compose file's network set-up (refused as internet at run time after the tests' own evidence).</summary>
    public string? ComposeNetwork { get; init; }

    public List<string> Notes { get; } = [];
}

/// <summary>YAML helpers over the project's located YAML tree (for task.yaml, docker-compose.yaml, solution.yaml).</summary>
internal static class Yaml
{
    public static YNode? Load(string path)
    {
        var errors = new ConfigErrors();
        var node = YamlTree.Parse(File.ReadAllText(path), path, errors);
        if (errors.Count > 0)
            throw new ImportRefusedException(RefusalKind.NotATask, $"{Path.GetFileName(path)} is not valid YAML: {errors.ToSortedList()[0].Message}");
        return node;
    }

    public static YNode? Get(YNode? node, string key) =>
        node is YMapping map ? map.Entries.FirstOrDefault(e => e.Key.Value == key).Value : null;

    public static string? Text(YNode? node, string key) => Get(node, key) is YScalar { IsNull: false } s ? s.Value : null;

    public static double? Number(YNode? node, string key) =>
        double.TryParse(Text(node, key), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;

    public static IReadOnlyList<string> Texts(YNode? node, string key) => Get(node, key) switch
    {
        YSequence seq => [.. seq.Items.OfType<YScalar>().Where(s => !s.IsNull).Select(s => s.Value)],
        YScalar { IsNull: false } s => [s.Value],
        _ => [],
    };

    public static IReadOnlyList<string> Keys(YNode? node) => node is YMapping map ? [.. map.Entries.Select(e => e.Key.Value)] : [];
}
