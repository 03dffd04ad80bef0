using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HarnessBench.Gateway.Scripted;

/// <summary>What one script step does.</summary>
internal enum StepKind
{
    Shell,
    Write,
    Read,
    Say,
    Fail,
}

/// <summary>One step of a script, before templates are expanded.</summary>
/// <param name="Text">The shell command, the read path, the text to say.</param>
/// <param name="Status">HTTP status of a `fail` step.</param>
internal sealed record ScriptStep(StepKind Kind, string? Text = null, string? Path = null, string? Content = null, int Status = 0);

/// <summary>
/// A scripted model's script: a YAML list of steps (`shell`, `write: {path, content}`, `read`,
/// `say`, `fail: STATUS`), or a mapping with `steps` plus `tokens_per_second` (streaming rate,
/// 0 = as fast as possible) and `workdir` (relative paths are made absolute against it).
/// </summary>
internal sealed record Script(IReadOnlyList<ScriptStep> Steps, double TokensPerSecond, string Workdir)
{
    /// <summary>`fill_max_tokens: true`: text answers are exactly the request's max_tokens long (speed probes).</summary>
    public bool FillMaxTokens { get; init; }

    /// <summary>`prefill_tokens_per_second`: the first token waits prompt tokens / this rate (0 = no wait), so prefill can be probed.</summary>
    public double PrefillTokensPerSecond { get; init; }

    public static Script Load(string path) => Parse(File.ReadAllText(path), path);

    public static Script Parse(string yaml, string source = "script")
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new FormatException($"{source}:{e.Start.Line}: not valid YAML: {e.Message}", e);
        }

        if (stream.Documents.Count == 0)
        {
            throw new FormatException($"{source}: empty script");
        }

        YamlNode root = stream.Documents[0].RootNode;
        double rate = 0, prefill = 0;
        bool fill = false;
        string workdir = "/workspace";
        if (root is YamlMappingNode map)
        {
            rate = Rate(map, "tokens_per_second", source);
            prefill = Rate(map, "prefill_tokens_per_second", source);
            fill = Scalar(map, "fill_max_tokens") is { } f && (bool.TryParse(f, out bool b) ? b
                : throw new FormatException($"{source}: fill_max_tokens is true or false, not '{f}'"));
            workdir = Scalar(map, "workdir") ?? workdir;
            root = map.Children.TryGetValue(new YamlScalarNode("steps"), out var steps) ? steps
                : throw new FormatException($"{source}: a mapping script needs 'steps'");
        }

        if (root is not YamlSequenceNode list)
        {
            throw new FormatException($"{source}: a script is a list of steps");
        }

        return new Script([.. list.Children.Select(n => Step(n, source))], rate, workdir) { FillMaxTokens = fill, PrefillTokensPerSecond = prefill };
    }

    private static double Rate(YamlMappingNode map, string key, string source) =>
        Scalar(map, key) is not { } text ? 0
        : double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value) && value >= 0 ? value
        : throw new FormatException($"{source}: {key} is a number of tokens per second (0 or more), not '{text}'");

    private static ScriptStep Step(YamlNode node, string source)
    {
        if (node is not YamlMappingNode { Children.Count: 1 } map)
        {
            throw new FormatException($"{source}:{node.Start.Line}: each step is one of shell:, write:, read:, say:, fail:");
        }

        (YamlNode key, YamlNode value) = map.Children.Single();
        string kind = ((YamlScalarNode)key).Value ?? "";
        string? text = (value as YamlScalarNode)?.Value;
        return kind switch
        {
            "shell" => new ScriptStep(StepKind.Shell, Text: text ?? Missing(source, node, kind)),
            "read" => new ScriptStep(StepKind.Read, Path: text ?? Missing(source, node, kind)),
            "say" => new ScriptStep(StepKind.Say, Text: text ?? ""),
            "fail" => new ScriptStep(StepKind.Fail, Status: int.TryParse(text, out int s) && s is >= 400 and <= 599 ? s
                : throw new FormatException($"{source}:{node.Start.Line}: fail: takes an HTTP status 400-599")),
            "write" when text is not null => new ScriptStep(StepKind.Write, Path: text),
            "write" when value is YamlMappingNode write => new ScriptStep(StepKind.Write,
                Path: Scalar(write, "path") ?? Missing(source, node, "write.path"), Content: Scalar(write, "content") ?? ""),
            _ => throw new FormatException($"{source}:{node.Start.Line}: unknown step '{kind}' (shell, write, read, say, fail)"),
        };
    }

    private static string Missing(string source, YamlNode node, string what) =>
        throw new FormatException($"{source}:{node.Start.Line}: '{what}' needs a value");

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? (node as YamlScalarNode)?.Value : null;
}
