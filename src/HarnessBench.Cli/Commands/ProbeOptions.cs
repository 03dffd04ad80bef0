using HarnessBench.Gateway.Probing;

namespace HarnessBench.Cli.Commands;

/// <summary>What `hbench probe` was asked to do.</summary>
/// <param name="Model">A model name of the bench file; null with an ad hoc endpoint or script.</param>
/// <param name="BaseUrl">Ad hoc OpenAI- or Anthropic-compatible endpoint (with <paramref name="ModelName"/>).</param>
/// <param name="Script">Ad hoc scripted model (a script file), e.g. harnesses/scripted/probe-40tps.yaml.</param>
/// <param name="OutFile">Also write the JSON into this folder (--out: a folder, as everywhere).</param>
internal sealed record ProbeOptions(
    string? Model,
    string BenchFile,
    string? BaseUrl,
    string? ModelName,
    string? ApiKeyEnv,
    bool Anthropic,
    string? Script,
    ProbeSettings Settings,
    ThinkingMode Thinking,
    ThinkingStyle ThinkingStyle,
    bool IgnoreEos,
    bool Json,
    string? OutFile);
