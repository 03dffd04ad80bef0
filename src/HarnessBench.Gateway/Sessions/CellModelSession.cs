namespace HarnessBench.Gateway.Sessions;

/// <summary>
/// What a cell gets when it opens a gateway session: the secret path token and the base URLs its
/// harness uses inside the container (through the socat relay at <see cref="GatewayOptions.ContainerBaseUrl"/>).
/// </summary>
/// <param name="CellId">The cell this session meters.</param>
/// <param name="Token">Random, unguessable; the only thing that attributes a request to the cell.</param>
/// <param name="ModelName">The model name harnesses should ask for (HB_MODEL); the gateway rewrites it for upstreams.</param>
/// <param name="OpenAiBaseUrl">e.g. http://127.0.0.1:8080/c/TOKEN/v1 (HB_OPENAI_BASE_URL).</param>
/// <param name="AnthropicBaseUrl">e.g. http://127.0.0.1:8080/c/TOKEN (HB_ANTHROPIC_BASE_URL; the SDKs append /v1/messages).</param>
public sealed record CellModelSession(string CellId, string Token, string ModelName, string OpenAiBaseUrl, string AnthropicBaseUrl)
{
    /// <summary>The path prefix of every route of this session: /c/TOKEN.</summary>
    public string PathPrefix => "/c/" + Token;

    /// <summary>The transcript's path relative to the run directory, once written (set by the pipeline seam).</summary>
    public string? TranscriptRelativePath { get; init; }
}

/// <summary>What the gateway needs to know about a cell besides its model.</summary>
/// <param name="TaskId">{{task.id}} in scripts.</param>
/// <param name="TaskPrompt">{{task.prompt}} in scripts.</param>
/// <param name="SolutionDirectory">The task's reference solution ({{solution_files}}); null when the task has none.</param>
/// <param name="TranscriptPath">Where the gzip JSONL transcript goes; null = no transcript.</param>
/// <param name="ScriptBaseDirectory">Directory that relative script paths of scripted models are resolved against (bench.yaml's).</param>
public sealed record CellContext(string TaskId, string TaskPrompt, string? SolutionDirectory, string? TranscriptPath, string ScriptBaseDirectory)
{
    public static CellContext Empty(string baseDirectory) => new("", "", null, null, baseDirectory);
}
