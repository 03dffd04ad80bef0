using System.Text;
using HarnessBench.Core.Runtime;

namespace HarnessBench.Core.Harnesses.Cli;

/// <summary>
/// A coding-agent CLI defined by a harness.yaml. The invocation is a small bash script (copied in
/// read-only with the prompt and the config templates) that renders the config files into HOME as
/// uid 1000, exports the variables and execs the CLI. Base URLs are only known inside the
/// container (HB_OPENAI_BASE_URL, HB_ANTHROPIC_BASE_URL, HB_MODEL from the gateway session), so
/// placeholders are expanded there.
/// </summary>
public sealed class CliHarness(HarnessDefinition definition) : ILayeredHarness
{
    public const string InputPath = "/opt/hbench/harness";
    public const string Home = "/home/agent";

    public HarnessDefinition Definition => definition;

    public string Name => definition.Name;

    public string? Version => definition.Version;

    public string ImageLayer => definition.ImageLayer;

    public HarnessInvocation CreateInvocation(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var directory = Path.Combine(context.Paths.Root, "harness");
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(Path.Combine(directory, "files"));
        File.WriteAllText(Path.Combine(directory, "prompt.txt"), context.Cell.Task.Prompt);
        for (var i = 0; i < definition.Files.Count; i++)
            File.WriteAllText(Path.Combine(directory, "files", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), definition.Files[i].Template);
        File.WriteAllText(Path.Combine(directory, "run.sh"), Script(definition));
        return new HarnessInvocation(["bash", $"{InputPath}/run.sh"])
        {
            Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["HOME"] = Home },
            CopyIn = [new DirectoryCopyIn(directory, InputPath, Owner: "0:0", ReadOnly: true)],
        };
    }

    /// <summary>The launcher script for <paramref name="definition"/> (pure; tested).</summary>
    public static string Script(HarnessDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var script = new StringBuilder();
        script.Append($$"""
            # Generated from harnesses/{{definition.Name}}/harness.yaml: render config files, export variables, exec the CLI.
            set -euo pipefail
            export HOME="${HOME:-{{Home}}}"
            P_prompt="$(cat {{InputPath}}/prompt.txt)"
            P_model="${HB_MODEL:-}"
            P_openai_base_url="${HB_OPENAI_BASE_URL:-}"
            P_anthropic_base_url="${HB_ANTHROPIC_BASE_URL:-}"
            P_workspace="$PWD"
            P_home="$HOME"
            render() {
              local c
              c="$(cat "$1")"
            """);
        script.Append('\n');
        foreach (var name in HarnessDefinitionLoader.Placeholders.Order(StringComparer.Ordinal))
            script.Append($"  c=\"${{c//\"{{{name}}}\"/\"$P_{name}\"}}\"\n");
        script.Append("  mkdir -p \"$(dirname \"$2\")\"\n  printf '%s\\n' \"$c\" > \"$2\"\n}\n");
        for (var i = 0; i < definition.Files.Count; i++)
            script.Append($"render {InputPath}/files/{i} \"$HOME/{definition.Files[i].Path}\"\n");
        foreach (var (key, value) in definition.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
            script.Append($"export {key}={Word(value)}\n");
        script.Append("exec");
        foreach (var argument in definition.Command) script.Append(' ').Append(Word(argument));
        script.Append('\n');
        return script.ToString();
    }

    // A template as one double-quoted bash word: literal text escaped, {placeholder} -> ${P_placeholder}.
    internal static string Word(string template)
    {
        var word = new StringBuilder("\"");
        var last = 0;
        foreach (System.Text.RegularExpressions.Match match in HarnessDefinitionLoader.Placeholder().Matches(template))
        {
            if (!HarnessDefinitionLoader.Placeholders.Contains(match.Groups[1].Value)) continue;
            Escape(word, template[last..match.Index]);
            word.Append("${P_").Append(match.Groups[1].Value).Append('}');
            last = match.Index + match.Length;
        }
        Escape(word, template[last..]);
        return word.Append('"').ToString();
    }

    private static void Escape(StringBuilder word, string literal)
    {
        foreach (var c in literal)
        {
            if (c is '\\' or '"' or '$' or '`') word.Append('\\');
            word.Append(c);
        }
    }
}
