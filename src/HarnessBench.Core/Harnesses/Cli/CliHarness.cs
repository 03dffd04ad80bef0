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
public sealed class CliHarness(HarnessDefinition definition) : ILayeredHarness, ILoggedHarness
{
    public const string InputPath = "/opt/hbench/harness";
    public const string Home = "/home/agent";

    /// <summary>Where the CLI's own log files go ({logs}, $HB_LOGS); copied out to the cell's agent-logs/.</summary>
    public const string LogsPath = Home + "/.hbench/logs";

    /// <summary>The wall-clock bound on the 'after' step, so a hung export cannot eat the agent's time silently.</summary>
    public const int AfterTimeoutSeconds = 60;

    public HarnessDefinition Definition => definition;

    public string Name => definition.Name;

    public string? Version => definition.Version;

    public string ImageLayer => definition.ImageLayer;

    public string LogFormat => definition.LogFormat;

    public string? LogFile => definition.LogFile;

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
            // Bounded like the workspace: the harness's logs are written by processes the model drives.
            CopyOut = [new DirectoryCopyOut(LogsPath, context.Paths.AgentLogs) { MaxBytes = context.Cell.Limits.WorkspaceBytes, MaxEntries = context.Cell.Limits.WorkspaceFiles }],
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
            P_logs="{{LogsPath}}"
            export HB_LOGS="$P_logs"
            mkdir -p "$P_logs"
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
        // Without an 'after' step the CLI replaces the shell (signals reach it directly); with one,
        // the shell waits, runs the step bounded in time, and exits with the CLI's status.
        script.Append(definition.After is null ? "exec" : "set +e\n");
        foreach (var argument in definition.Command) script.Append(' ').Append(Word(argument));
        script.Append('\n');
        if (definition.After is { } after)
        {
            script.Append("status=$?\n");
            script.Append($"timeout {AfterTimeoutSeconds} bash -c {Single(after)} >\"$P_logs/after.log\" 2>&1 || echo \"hbench: the harness's after step failed (see agent-logs/after.log)\" >&2\n");
            script.Append("exit $status\n");
        }
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

    // Literal text as one single-quoted bash word.
    private static string Single(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void Escape(StringBuilder word, string literal)
    {
        foreach (var c in literal)
        {
            if (c is '\\' or '"' or '$' or '`') word.Append('\\');
            word.Append(c);
        }
    }
}
