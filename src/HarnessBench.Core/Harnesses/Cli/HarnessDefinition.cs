namespace HarnessBench.Core.Harnesses.Cli;

/// <summary>One harness.yaml, validated: how a coding-agent CLI is installed, configured and run.</summary>
/// <param name="Name">The harness name (= its directory under harnesses/).</param>
/// <param name="Version">The pinned CLI version (part of every cell's definition hash).</param>
/// <param name="ImageLayer">The harness image under containers/ that holds the CLI.</param>
/// <param name="Install">What the layer installs, e.g. "npm:@anthropic-ai/claude-code@2.1.330" (documentation and checks).</param>
/// <param name="VersionCommand">Prints the installed version (checked by the integration tests).</param>
/// <param name="Command">Argv template with {prompt}, {model}, {openai_base_url}, {anthropic_base_url}, {workspace}, {home}.</param>
/// <param name="Environment">Variables (values are templates too).</param>
/// <param name="Files">Config files rendered into the container's HOME before the CLI starts.</param>
/// <param name="LogFormat">Id of the parser for the CLI's log (e.g. claude-stream-json).</param>
/// <param name="LogFile">The file under the logs directory ({logs}) the parser reads; null = the CLI's stdout.</param>
/// <param name="After">Shell run after the CLI exits (its exit code is kept), e.g. to export sessions into {logs}.</param>
public sealed record HarnessDefinition(
    string Name,
    string Version,
    string ImageLayer,
    string Install,
    IReadOnlyList<string> VersionCommand,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<HarnessFile> Files,
    string LogFormat,
    string? LogFile = null,
    string? After = null);

/// <summary>A file rendered to $HOME/<paramref name="Path"/> from <paramref name="Template"/> (its text, placeholders expanded).</summary>
public sealed record HarnessFile(string Path, string Template);
