namespace HarnessBench.Cli.Scaffolding;

/// <summary>`hbench init`: a commented bench file for the user's own model endpoint, every setting explained.</summary>
internal static class BenchScaffold
{
    /// <param name="protocol">"openai" or "anthropic".</param>
    public static string Render(string name, string protocol, string baseUrl, string model, string? apiKeyEnv) => $$"""
        # A HarnessBench sweep: every harness below x every model x every task, each cell in a sandbox,
        # graded by the task's hidden grader. `./hbench run {{name}}.yaml` runs it (rerun to resume);
        # `./hbench run {{name}}.yaml --dry-run` shows what would run; README.md explains every key.
        name: {{name}}                 # also the run name: results/{{name}}/ (override with --run)

        models:
          - name: {{model}}
            {{protocol}}:
              base_url: {{baseUrl}}    # the endpoint the gateway forwards to (agents never reach it directly)
              model: {{model}}         # the model name the endpoint expects
        {{(apiKeyEnv is null ? "      # api_key_env: MY_API_KEY   # the environment variable holding the key, if the endpoint needs one" : $"      api_key_env: {apiKeyEnv}   # read from this environment variable; never written to results")}}
            # family: qwen3            # metadata for reports: family, params, quant,
            # params: 30B-A3B          # and prices { input, output } in USD per million tokens
            # quant: Q4_K_M
            # serve:                   # optional: start the model server before its cells, stop it after
            #   command: [llama-server, -m, model.gguf, --port, "8080"]
            #   ready_url: http://127.0.0.1:8080/health

        # The agent CLIs (harnesses/<name>/harness.yaml) and the built-in no-harness baseline `bare`.
        # `./hbench harnesses list` shows them; `oracle` and `nop` check the graders, not models.
        harnesses: [claude, opencode, pi, qwen, bare]

        tasks: ["*"]                   # ids, globs, or { tags: [...], difficulty: [...] }; `./hbench tasks list`
        repeats: 1                     # runs per (model, harness, task); 3+ for intervals worth reading
        warmup: false                  # true: one discarded warm-up run per (model, harness, task) first
        concurrency: 1                 # cells at once; a single local model server is usually the bottleneck
        timeouts: { agent: 10m, grader: 3m }   # bench defaults; a task's own timeouts win (README: Timeouts)
        sandbox: { cpus: 1, memory: 2g, pids: 512, tmpfs: 512m }

        """;
}
