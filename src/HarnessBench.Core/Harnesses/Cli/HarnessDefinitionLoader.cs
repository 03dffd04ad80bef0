using System.Text.RegularExpressions;
using HarnessBench.Core.Config;
using HarnessBench.Core.Trajectories;

namespace HarnessBench.Core.Harnesses.Cli;

/// <summary>Either the harness definitions of a harnesses/ directory or every error found in them.</summary>
public sealed record HarnessLoadResult(IReadOnlyList<HarnessDefinition> Definitions, IReadOnlyList<ConfigError> Errors);

/// <summary>
/// Loads harnesses/&lt;name&gt;/harness.yaml files (directories without one, such as scripted/, are not
/// harnesses) in two phases like bench.yaml: shape, then meaning, all errors reported together.
/// </summary>
public static partial class HarnessDefinitionLoader
{
    public const string FileName = "harness.yaml";

    /// <summary>Placeholders a command, variable or file template may use.</summary>
    public static readonly IReadOnlySet<string> Placeholders =
        new HashSet<string>(["prompt", "model", "openai_base_url", "anthropic_base_url", "workspace", "home", "logs"], StringComparer.Ordinal);

    private static readonly string[] Keys = ["name", "version", "image", "install", "version_command", "command", "env", "files", "log_format", "log_file", "after"];

    public static HarnessLoadResult LoadDirectory(string harnessesDirectory)
    {
        var errors = new ConfigErrors();
        var definitions = new List<HarnessDefinition>();
        if (Directory.Exists(harnessesDirectory))
        {
            foreach (var directory in Directory.GetDirectories(harnessesDirectory).Order(StringComparer.Ordinal))
            {
                var file = Path.Combine(directory, FileName);
                if (File.Exists(file) && Load(file, errors) is { } definition) definitions.Add(definition);
            }
        }
        return new HarnessLoadResult(errors.Count == 0 ? definitions : [], errors.ToSortedList());
    }

    public static HarnessLoadResult LoadFile(string file)
    {
        var errors = new ConfigErrors();
        var definition = Load(file, errors);
        return new HarnessLoadResult(errors.Count == 0 && definition is not null ? [definition] : [], errors.ToSortedList());
    }

    private static HarnessDefinition? Load(string file, ConfigErrors errors)
    {
        var root = YamlTree.Parse(File.ReadAllText(file), file, errors);
        if (root is null) return null;
        if (root is not YMapping map)
        {
            errors.Add(root.At, $"{FileName} must be a mapping, not {root.Kind}", "start with 'name: <harness>'");
            return null;
        }
        var reader = new MapReader(map, Keys, errors, FileName);
        var directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var nameNode = reader.Scalar("name", required: true);
        var name = ScalarReader.Name(nameNode, "name", errors);
        if (name is not null && name != Path.GetFileName(directory))
            errors.Add(nameNode!.At, $"harness name '{name}' differs from its directory '{Path.GetFileName(directory)}'", "rename one of them");
        var version = ScalarReader.Text(reader.Scalar("version", required: true, hint: "the pinned CLI version, e.g. 2.1.330"), "version", errors);
        var image = ScalarReader.Name(reader.Scalar("image", required: true, hint: "the harness image under containers/, e.g. agents"), "image", errors);
        var install = ReadInstall(reader, version, errors);
        var versionCommand = ReadArgv(reader, "version_command", required: true, errors);
        var command = ReadArgv(reader, "command", required: true, errors);
        var environment = ReadEnvironment(reader, errors);
        var files = ReadFiles(reader, directory, errors);
        var logFormatNode = reader.Scalar("log_format", required: true, hint: "e.g. claude-stream-json");
        var logFormat = ScalarReader.Text(logFormatNode, "log_format", errors);
        if (logFormat is not null && !TrajectoryParsers.FormatIds.Contains(logFormat, StringComparer.Ordinal))
            errors.Add(logFormatNode!.At, $"unknown log format '{logFormat}'", $"known: {string.Join(", ", TrajectoryParsers.FormatIds)}");
        var logFileNode = reader.Scalar("log_file", hint: "a file name the CLI writes under {logs}, e.g. chat.history.md");
        var logFile = logFileNode is null ? null : ScalarReader.Text(logFileNode, "log_file", errors);
        if (logFile is not null && (logFile.Contains('/', StringComparison.Ordinal) || logFile is "." or ".."))
            errors.Add(logFileNode!.At, $"log_file '{logFile}' must be a plain file name in the logs directory", "e.g. log_file: chat.history.md, with the CLI told to write {logs}/chat.history.md");
        var afterNode = reader.Scalar("after", hint: "shell run after the CLI exits, e.g. to export sessions into $HB_LOGS");
        var after = afterNode is null ? null : ScalarReader.Text(afterNode, "after", errors);
        if (name is null || version is null || image is null || install is null || logFormat is null) return null;
        return new HarnessDefinition(name, version, image, install, versionCommand, command, environment, files, logFormat, logFile, after);
    }

    // install: { npm: "pkg@version" } or { pip: "pkg==version" }; the pinned version must be the harness version.
    private static string? ReadInstall(MapReader reader, string? version, ConfigErrors errors)
    {
        const string hint = "e.g. install: { npm: \"opencode-ai@1.18.33\" } or install: { pip: \"aider-chat==0.86.1\" }";
        if (reader.Node("install") is null)
        {
            reader.Scalar("install", required: true, hint: hint);
            return null;
        }
        var map = reader.Mapping("install", hint);
        if (map is null) return null;
        var install = new MapReader(map, ["npm", "pip"], errors, "install");
        var npm = install.Scalar("npm");
        var pip = install.Scalar("pip");
        if ((npm is null) == (pip is null))
        {
            errors.Add(map.At, "'install' needs exactly one of 'npm' or 'pip'", hint);
            return null;
        }
        var (kind, spec) = npm is not null ? ("npm", npm) : ("pip", pip!);
        var separator = kind == "npm" ? "@" : "==";
        var at = spec.Value.LastIndexOf(separator, StringComparison.Ordinal);
        if (at <= 0 || at + separator.Length >= spec.Value.Length)
        {
            errors.Add(spec.At, $"'{spec.Value}' is not pinned", $"write {kind}: \"<package>{separator}<version>\"");
            return null;
        }
        if (version is not null && spec.Value[(at + separator.Length)..] != version)
            errors.Add(spec.At, $"'{spec.Value}' pins another version than 'version: {version}'", "keep them equal");
        return $"{kind}:{spec.Value}";
    }

    private static List<string> ReadArgv(MapReader reader, string key, bool required, ConfigErrors errors)
    {
        var node = reader.Sequence(key, required, hint: $"a list of arguments, e.g. {key}: [claude, -p, \"{{prompt}}\"]");
        var argv = new List<string>();
        foreach (var item in node ?? [])
        {
            if (item is not YScalar { IsNull: false } scalar)
            {
                errors.Add(item.At, $"items of '{key}' must be single values, not {item.Kind}");
                continue;
            }
            CheckPlaceholders(scalar.Value, scalar.At, key, errors);
            argv.Add(scalar.Value);
        }
        if (node is { Count: 0 }) errors.Add(reader.At, $"'{key}' is empty", "give the program and its arguments");
        return argv;
    }

    private static Dictionary<string, string> ReadEnvironment(MapReader reader, ConfigErrors errors)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in reader.Mapping("env")?.Entries ?? [])
        {
            if (!EnvironmentName().IsMatch(key.Value))
                errors.Add(key.At, $"'{key.Value}' is not an environment variable name", "use letters, digits and _");
            else if (key.Value.StartsWith("HB_", StringComparison.Ordinal))
                errors.Add(key.At, $"'{key.Value}': HB_ variables belong to the pipeline", "use the {model} and base URL placeholders instead");
            if (value is not YScalar scalar)
            {
                errors.Add(value.At, $"env '{key.Value}' must be a single value, not {value.Kind}");
                continue;
            }
            CheckPlaceholders(scalar.Value, scalar.At, $"env {key.Value}", errors);
            environment[key.Value] = scalar.Value;
        }
        return environment;
    }

    private static List<HarnessFile> ReadFiles(MapReader reader, string directory, ConfigErrors errors)
    {
        var files = new List<HarnessFile>();
        foreach (var item in reader.Sequence("files") ?? [])
        {
            if (item is not YMapping map)
            {
                errors.Add(item.At, $"items of 'files' must be mappings, not {item.Kind}", "- { path: .config/x/config.json, template: config.json }");
                continue;
            }
            var file = new MapReader(map, ["path", "template", "content"], errors, "files item");
            var path = file.Scalar("path", required: true, hint: "relative to the container's HOME");
            var template = file.Scalar("template");
            var content = file.Scalar("content");
            if (path is null) continue;
            if (path.Value.StartsWith('/') || path.Value.Split('/').Any(p => p is ".." or "." or "") || path.Value.Contains('\''))
            {
                errors.Add(path.At, $"file path '{path.Value}' must be a plain relative path below HOME", "e.g. .config/opencode/opencode.json");
                continue;
            }
            if ((template is null) == (content is null))
            {
                errors.Add(map.At, $"file '{path.Value}' needs exactly one of 'template' (a file next to harness.yaml) or 'content'");
                continue;
            }
            string text;
            if (template is not null)
            {
                var source = Path.GetFullPath(Path.Combine(directory, template.Value));
                if (!source.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(source))
                {
                    errors.Add(template.At, $"template '{template.Value}' not found next to {FileName}", $"create {Path.Combine(directory, template.Value)}");
                    continue;
                }
                text = File.ReadAllText(source);
            }
            else
            {
                text = content!.Value;
            }
            CheckPlaceholders(text, (template ?? content)!.At, $"file {path.Value}", errors);
            files.Add(new HarnessFile(path.Value, text));
        }
        return files;
    }

    private static void CheckPlaceholders(string text, SourceLocation at, string where, ConfigErrors errors)
    {
        foreach (Match match in Placeholder().Matches(text))
        {
            if (!Placeholders.Contains(match.Groups[1].Value))
            {
                errors.Add(at, $"unknown placeholder '{match.Value}' in {where}",
                    $"known: {string.Join(", ", Placeholders.Order(StringComparer.Ordinal).Select(p => "{" + p + "}"))}");
            }
        }
    }

    [GeneratedRegex(@"\{([a-z][a-z0-9_]*)\}")]
    internal static partial Regex Placeholder();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentName();
}
