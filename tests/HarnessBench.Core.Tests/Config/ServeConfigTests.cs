using HarnessBench.Core.Config;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Tests.Support;

namespace HarnessBench.Core.Tests.Config;

public sealed class ServeConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private BenchLoadResult Load(string models)
    {
        TestBench.WriteTask(_dir, "t1");
        _dir.Write("scripts/demo.yaml", "steps: []\n");
        var path = _dir.Write("bench.yaml", $"name: serve\nharnesses: [nop]\nmodels:\n{models}");
        return BenchLoader.Load(path, new BenchLoadOptions(HarnessRegistry.CreateWithBuiltIns().Names) { ProcessorCount = 4 });
    }

    [Fact]
    public void Serve_is_parsed_with_defaults_and_a_string_command_runs_through_sh()
    {
        var result = Load("""
              - name: local
                openai: { base_url: http://127.0.0.1:8080/v1, model: q }
                serve:
                  command: [llama-server, -m, model.gguf, --port, "8080"]
                  ready_url: http://127.0.0.1:8080/health
                  startup_timeout: 90s
                  stop_signal: int
                  env: { CUDA_VISIBLE_DEVICES: "0" }
                  workdir: scripts
              - name: shell
                anthropic: { base_url: http://127.0.0.1:8081 }
                serve: { command: "llama-server -m x.gguf", ready_url: http://127.0.0.1:8081/health }
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var local = result.Bench.Models[0].Serve!;
        Assert.Equal(["llama-server", "-m", "model.gguf", "--port", "8080"], local.Command);
        Assert.Equal(new Uri("http://127.0.0.1:8080/health"), local.ReadyUrl);
        Assert.Equal(TimeSpan.FromSeconds(90), local.StartupTimeout);
        Assert.Equal("SIGINT", local.StopSignal);
        Assert.Equal("0", local.Environment["CUDA_VISIBLE_DEVICES"]);
        Assert.Equal(_dir.Combine("scripts"), local.WorkingDirectory);
        var shell = result.Bench.Models[1].Serve!;
        Assert.Equal(["/bin/sh", "-c", "llama-server -m x.gguf"], shell.Command);
        Assert.Equal(TimeSpan.FromMinutes(10), shell.StartupTimeout);
        Assert.Equal("SIGTERM", shell.StopSignal);
        // serve is not an upstream setting: the gateway must not forward it as a request parameter.
        Assert.Null(result.Bench.Models[0].GetSetting("serve"));
    }

    [Fact]
    public void Bad_serve_settings_are_reported_with_lines_and_hints()
    {
        var result = Load("""
              - name: a
                openai: { base_url: http://127.0.0.1:8080/v1 }
                serve:
                  command: [llama-server]
                  ready_url: not a url
                  startup_timeout: 5 minutes
                  stop_signal: SIGHUP
                  workdir: nowhere
                  restart: always
              - name: b
                scripted: scripts/demo.yaml
                serve: { command: x, ready_url: http://127.0.0.1:1/ }
              - name: c
                openai: { base_url: http://127.0.0.1:8080/v1 }
                serve: { ready_url: http://127.0.0.1:1/ }
            """);

        Assert.False(result.Succeeded);
        var errors = result.Errors.Select(e => (e.Location.Line, e.ToString())).ToList();
        void Has(int line, string text) =>
            Assert.Contains(errors, e => e.Line == line && e.Item2.Contains(text, StringComparison.Ordinal));
        Has(8, "ready_url 'not a url' is not an http(s) URL");
        Has(9, "'startup_timeout' is not a valid duration");
        Has(10, "stop_signal 'SIGHUP' is not supported");
        Has(11, "serve workdir 'nowhere' does not exist");
        Has(12, "restart");
        Has(15, "a scripted model cannot have 'serve'");
        Has(18, "serve has no command");
        Assert.Contains(result.Errors, e => e.Location.Line == 9 && e.Hint is not null && e.Hint.Contains("5m", StringComparison.Ordinal));
    }

    [Fact]
    public void Serve_settings_are_part_of_the_cell_definition()
    {
        string Hash(string command)
        {
            using var dir = new TempDirectory();
            TestBench.WriteTask(dir, "t1");
            var bench = TestBench.Load(dir, $"""
                name: h
                harnesses: [nop]
                models:
                  - name: local
                    openai: {"{"} base_url: http://127.0.0.1:8080/v1 {"}"}
                {command}
                """);
            return Planner.Expand(bench, HarnessRegistry.CreateWithBuiltIns()).Cells.Single().DefinitionHash;
        }

        var none = Hash("");
        var q4 = Hash("    serve: { command: [llama-server, -m, q4.gguf], ready_url: http://127.0.0.1:8080/health }");
        var q8 = Hash("    serve: { command: [llama-server, -m, q8.gguf], ready_url: http://127.0.0.1:8080/health }");
        Assert.NotEqual(none, q4);
        Assert.NotEqual(q4, q8);
        Assert.Equal(q4, Hash("    serve: { ready_url: http://127.0.0.1:8080/health, command: [llama-server, -m, q4.gguf], startup_timeout: 1m }"));
    }
}
