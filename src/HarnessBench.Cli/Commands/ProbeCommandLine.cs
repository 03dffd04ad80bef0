using System.CommandLine;
using HarnessBench.Cli.Hosting;
using HarnessBench.Gateway.Probing;
using Microsoft.Extensions.DependencyInjection;

namespace HarnessBench.Cli.Commands;

/// <summary>`hbench probe`: the command line; the work is in <see cref="ProbeCommand"/>.</summary>
internal static class ProbeCommandLine
{
    public static Command Create(Option<bool> verbose)
    {
        var model = new Argument<string?>("model") { Description = "A model name from the bench file (omit with --base-url or --script).", Arity = ArgumentArity.ZeroOrOne };
        var bench = new Option<string>("--bench") { Description = "The bench file that names the model.", DefaultValueFactory = _ => "bench.yaml" };
        var baseUrl = new Option<string?>("--base-url") { Description = "Ad hoc endpoint instead of a bench model, e.g. http://127.0.0.1:8000/v1." };
        var modelName = new Option<string?>("--model-name") { Description = "The endpoint's model name (with --base-url)." };
        var apiKeyEnv = new Option<string?>("--api-key-env") { Description = "Name of the environment variable holding the API key (with --base-url)." };
        var anthropic = new Option<bool>("--anthropic") { Description = "The ad hoc endpoint speaks Anthropic messages, not OpenAI chat completions." };
        var script = new Option<string?>("--script") { Description = "Ad hoc scripted model: a script file (e.g. harnesses/scripted/probe-40tps.yaml)." };
        var iterations = new Option<int>("--iterations", "-n") { Description = "Timed iterations after one discarded warm-up.", DefaultValueFactory = _ => 3 };
        var thinking = new Option<string>("--thinking") { Description = "on, off or default (send nothing).", DefaultValueFactory = _ => "default" };
        thinking.AcceptOnlyFromAmong("on", "off", "default");
        var style = new Option<string>("--thinking-style") { Description = "How OpenAI-compatible servers switch thinking: kwargs (chat_template_kwargs.enable_thinking: llama.cpp, vLLM, SGLang) or effort (reasoning_effort).", DefaultValueFactory = _ => "kwargs" };
        style.AcceptOnlyFromAmong("kwargs", "effort");
        var noIgnoreEos = new Option<bool>("--no-ignore-eos") { Description = "Do not send ignore_eos: true (for servers that reject unknown parameters)." };
        var output = new Option<int>("--output-tokens") { Description = "max_tokens of the short and long requests.", DefaultValueFactory = _ => 300 };
        var longTokens = new Option<int>("--long-prompt-tokens") { Description = "Target size of the long prompt.", DefaultValueFactory = _ => 28_000 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of the table." };
        var outFile = new Option<string?>("--out") { Description = "Also write the JSON to this folder (probe-<model>.json)." };
        var command = new Command("probe", "Measure a model's generation and prefill speed, time to first token and warm-cache behaviour, honestly.")
        {
            model, bench, baseUrl, modelName, apiKeyEnv, anthropic, script, iterations, thinking, style, noIgnoreEos, output, longTokens, json, outFile,
        };
        command.SetAction((parse, _) =>
        {
            var settings = new ProbeSettings(Math.Max(1, parse.GetValue(iterations)), Math.Max(2, parse.GetValue(output)), Math.Max(100, parse.GetValue(longTokens)));
            var options = new ProbeOptions(parse.GetValue(model), parse.GetValue(bench)!, parse.GetValue(baseUrl), parse.GetValue(modelName),
                parse.GetValue(apiKeyEnv), parse.GetValue(anthropic), parse.GetValue(script), settings,
                parse.GetValue(thinking) switch { "on" => ThinkingMode.On, "off" => ThinkingMode.Off, _ => ThinkingMode.Default },
                parse.GetValue(style) == "effort" ? ThinkingStyle.ReasoningEffort : ThinkingStyle.TemplateKwargs,
                !parse.GetValue(noIgnoreEos), parse.GetValue(json), parse.GetValue(outFile));
            return CommandHost.RunAsync<ProbeCommand>("probe", parse.GetValue(verbose), s => s.AddSingleton(options));
        });
        return command;
    }
}
