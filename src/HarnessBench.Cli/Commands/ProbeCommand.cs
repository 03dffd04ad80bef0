using System.Text.Json;
using HarnessBench.Cli.Rendering;
using HarnessBench.Core.Config;
using HarnessBench.Core.Harnesses;
using HarnessBench.Cli.Hosting;
using HarnessBench.Docker.Processes;
using HarnessBench.Gateway;
using HarnessBench.Gateway.Probing;
using HarnessBench.Gateway.Sessions;
using Microsoft.Extensions.Logging;

namespace HarnessBench.Cli.Commands;

/// <summary>
/// `hbench probe`: speed figures of one model. The probe goes through the model gateway (on a
/// loopback TCP port), exactly as harnesses do: the bench's upstream settings (base_url, model
/// rename, api_key_env, extra params) apply unchanged, scripted models work without a server, and
/// the gateway's added latency (about 0.1 ms per request, `hbench bench gateway`) is far below what
/// is measured. A model with `serve:` is started before and stopped after, as the sweep does.
/// </summary>
internal sealed class ProbeCommand(ProbeOptions options, HarnessRegistry harnesses, ILoggerFactory loggers) : IHostedCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var (model, baseDirectory, serverDirectory, error) = ResolveModel();
        if (error is not null)
        {
            return error.Value;
        }

        await using var servers = new ManagedModelServers(serverDirectory, Console.Error);
        await using var gateway = await ModelGateway.StartAsync(new GatewayOptions(SocketDirectory: null, TcpPort: 0), loggers, ct: cancellationToken);
        try
        {
            if (model!.Serve is not null)
            {
                Directory.CreateDirectory(serverDirectory);
                await servers.StartAsync(model, cancellationToken);
            }

            CellModelSession session = gateway.Open("probe", model, CellContext.Empty(baseDirectory));
            bool anthropic = model.Kind == ModelKinds.Anthropic;
            var url = new Uri(gateway.TcpBaseUri!, session.PathPrefix + (anthropic ? "/v1/messages" : "/v1/chat/completions"));
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
            var client = new ProbeClient(http, new ProbeEndpoint(url, anthropic, session.ModelName, options.Thinking, options.ThinkingStyle, options.IgnoreEos));
            Console.Error.WriteLine($"probe {model.Name} ({model.Kind}) through the model gateway: {options.Settings.Iterations} timed iteration(s) after a discarded warm-up");
            ProbeResult result = await new ModelProbe(client, options.Settings, Console.Error).RunAsync(cancellationToken);
            gateway.Close(session);
            Write(result);
            if (result.OutputCountSource != "usage" || result.PromptCountSource != "usage")
            {
                Console.Error.WriteLine("probe: the server did not report token usage (stream_options.include_usage): output counts are chunk counts and prompt sizes estimates; the figures above are approximate.");
                return ExitCodes.CheckFailed;
            }

            return ExitCodes.Success;
        }
        catch (ProbeException e)
        {
            Console.Error.WriteLine($"probe failed: {e.Message}");
            return ExitCodes.ModelUnavailable;
        }
        catch (InvalidOperationException e) when (model!.Serve is not null && e.Message.Contains("server", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"probe failed: {e.Message}");
            return ExitCodes.ModelUnavailable;
        }
        finally
        {
            await servers.StopAsync(model!, CancellationToken.None);
        }
    }

    private (ModelSpec? Model, string BaseDirectory, string ServerDirectory, int? Error) ResolveModel()
    {
        string here = Environment.CurrentDirectory;
        string adHocServers = Path.Combine(here, "results", "probes");
        if (options.Script is { } script)
        {
            if (!File.Exists(script))
            {
                return Fail($"--script: no such file '{script}'");
            }

            var settings = JsonSerializer.SerializeToElement(new { script = Path.GetFullPath(script) });
            return (new ModelSpec(Path.GetFileNameWithoutExtension(script), ModelKinds.Scripted, settings, ModelMetadata.Empty), here, adHocServers, null);
        }

        if (options.BaseUrl is { } baseUrl)
        {
            if (options.ModelName is not { Length: > 0 } name)
            {
                return Fail("--base-url needs --model-name (the endpoint's name for the model)");
            }

            if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                return Fail($"--base-url: '{baseUrl}' is not an http(s) URL (e.g. http://127.0.0.1:8000/v1)");
            }

            var settings = JsonSerializer.SerializeToElement(new Dictionary<string, string?> { ["base_url"] = baseUrl, ["model"] = name, ["api_key_env"] = options.ApiKeyEnv });
            return (new ModelSpec(name, options.Anthropic ? ModelKinds.Anthropic : ModelKinds.OpenAi, settings, ModelMetadata.Empty), here, adHocServers, null);
        }

        if (options.Model is not { } modelName)
        {
            return Fail("name a model of the bench file (hbench probe MODEL), or give --base-url URL --model-name NAME, or --script FILE");
        }

        var load = BenchLoader.Load(options.BenchFile, new BenchLoadOptions(harnesses.Names));
        if (!load.Succeeded)
        {
            return (null, here, here, ConfigErrorsOutput.Print(load.Errors, options.BenchFile));
        }

        Bench bench = load.Bench;
        if (bench.Models.FirstOrDefault(m => m.Name == modelName) is not { } model)
        {
            return Fail($"no model '{modelName}' in {options.BenchFile}; its models: {string.Join(", ", bench.Models.Select(m => m.Name))}");
        }

        return (model, Path.GetDirectoryName(Path.GetFullPath(bench.SourceFile))!, Path.Combine(bench.ResultsDirectory, "probes"), null);
    }

    private static (ModelSpec?, string, string, int?) Fail(string message)
    {
        Console.Error.WriteLine($"probe: {message}");
        return (null, "", "", ExitCodes.Usage);
    }

    private void Write(ProbeResult result)
    {
        string json = JsonSerializer.Serialize(result, Json);
        if (options.OutFile is { } folder)
        {
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, $"probe-{string.Concat(result.Model.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '-'))}.json");
            File.WriteAllText(path, json + "\n");
            Console.Error.WriteLine($"probe: wrote {path}");
        }

        if (options.Json)
        {
            Console.WriteLine(json);
        }
        else
        {
            ProbeTable.Print(result, Console.Out);
        }
    }
}
