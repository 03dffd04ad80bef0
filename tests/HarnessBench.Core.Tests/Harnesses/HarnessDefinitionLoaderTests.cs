using HarnessBench.Core.Harnesses.Cli;

namespace HarnessBench.Core.Tests.Harnesses;

public class HarnessDefinitionLoaderTests
{
    private static string RepoHarnesses()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "harnesses", "claude", HarnessDefinitionLoader.FileName)))
                return Path.Combine(dir.FullName, "harnesses");
        }
        throw new InvalidOperationException("harnesses/ not found above the test binaries");
    }

    [Fact]
    public void The_shipped_harnesses_load_with_pinned_versions()
    {
        var load = HarnessDefinitionLoader.LoadDirectory(RepoHarnesses());

        Assert.Empty(load.Errors);
        var byName = load.Definitions.ToDictionary(d => d.Name);
        Assert.Equal("2.1.330", byName["claude"].Version);
        Assert.Equal("npm:opencode-ai@1.18.33", byName["opencode"].Install);
        Assert.Equal("0.73.1", byName["pi"].Version);
        Assert.Equal("0.24.4", byName["qwen"].Version);
        Assert.All(load.Definitions.Where(d => d.Name != "aider"), d => Assert.Equal("agents", d.ImageLayer));
        Assert.Equal("aider", byName["aider"].ImageLayer);
        Assert.Equal("pip:aider-chat==0.86.1", byName["aider"].Install);
        Assert.Equal("chat.history.md", byName["aider"].LogFile);
        Assert.NotNull(byName["opencode"].After);
        Assert.Contains(byName["opencode"].Files, f => f.Path == ".config/opencode/.gitignore");
        Assert.Contains("--yolo", byName["qwen"].Command);
        Assert.DoesNotContain(load.Definitions, d => d.Name == "scripted");
    }

    [Fact]
    public void The_harness_images_install_the_versions_the_harnesses_pin()
    {
        var harnesses = RepoHarnesses();
        foreach (var definition in HarnessDefinitionLoader.LoadDirectory(harnesses).Definitions)
        {
            var dockerfile = File.ReadAllText(Path.Combine(harnesses, "..", "containers", "harnesses", definition.ImageLayer, "Dockerfile"));
            var args = System.Text.RegularExpressions.Regex.Matches(dockerfile, @"^ARG (\w+)_VERSION=(\S+)$", System.Text.RegularExpressions.RegexOptions.Multiline)
                .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            Assert.True(args.TryGetValue(definition.Name.ToUpperInvariant(), out var installed), $"no ARG {definition.Name.ToUpperInvariant()}_VERSION in the {definition.ImageLayer} Dockerfile");
            Assert.Equal(definition.Version, installed);
            var spec = definition.Install[(definition.Install.IndexOf(':', StringComparison.Ordinal) + 1)..];
            var package = spec.Contains("==", StringComparison.Ordinal) ? spec[..spec.IndexOf("==", StringComparison.Ordinal)] : spec[..spec.LastIndexOf('@')];
            Assert.Contains(package, dockerfile, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_error_is_reported_with_its_line()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("x/harness.yaml", """
            name: y
            version: 1.0.0
            image: agents
            install: { npm: "x-cli@2.0.0" }
            version_command: [x, --version]
            command: [x, "{prompt}", "{modle}"]
            env: { HB_MODEL: x, GOOD: "{model}" }
            files:
              - { path: ../escape, content: x }
              - { path: .x/config.json, template: missing.json }
            log_fromat: x
            """);

        var load = HarnessDefinitionLoader.LoadFile(file);

        Assert.Empty(load.Definitions);
        var text = string.Join("\n", load.Errors);
        Assert.Contains("harness.yaml:1:7: error: harness name 'y' differs from its directory 'x'", text);
        Assert.Equal(4, load.Errors.Single(e => e.Message.Contains("pins another version than 'version: 1.0.0'", StringComparison.Ordinal)).Location.Line);
        Assert.Equal(6, load.Errors.Single(e => e.Message.Contains("unknown placeholder '{modle}'", StringComparison.Ordinal)).Location.Line);
        Assert.Contains("HB_ variables belong to the pipeline", text);
        Assert.Contains("must be a plain relative path below HOME", text);
        Assert.Contains("template 'missing.json' not found", text);
        Assert.Contains(":11:1: error: unknown key 'log_fromat'", text);
        Assert.Contains("missing required key 'log_format'", text);
    }

    [Fact]
    public void The_launcher_quotes_literals_and_expands_placeholders_in_the_container()
    {
        var definition = new HarnessDefinition("x", "1", "agents", "npm:x@1", ["x", "--version"],
            ["x", "-p", "{prompt}", "--model", "p/{model}", "a\"$b`c\\"],
            new Dictionary<string, string> { ["BASE"] = "{openai_base_url}" },
            [new HarnessFile(".x/c.json", "{\"url\": \"{openai_base_url}\"}")], "x-json");

        var script = CliHarness.Script(definition);

        Assert.Contains("exec \"x\" \"-p\" \"${P_prompt}\" \"--model\" \"p/${P_model}\" \"a\\\"\\$b\\`c\\\\\"\n", script);
        Assert.Contains("export BASE=\"${P_openai_base_url}\"\n", script);
        Assert.Contains("render /opt/hbench/harness/files/0 \"$HOME/.x/c.json\"\n", script);
        Assert.Contains("P_openai_base_url=\"${HB_OPENAI_BASE_URL:-}\"", script);
    }

    [Fact]
    public async Task The_after_step_runs_after_the_cli_and_keeps_its_exit_code()
    {
        using var dir = new TempDirectory();
        var definition = new HarnessDefinition("x", "1", "agents", "npm:x@1", ["x", "--version"],
            ["sh", "-c", "echo cli ran; exit 3"], new Dictionary<string, string>(), [], "x-json",
            LogFile: null, After: "echo \"exported '$1'\" > \"$HB_LOGS/export.txt\"; exit 1");
        // The launcher as the container runs it, with its container paths moved into a scratch folder.
        var script = CliHarness.Script(definition)
            .Replace(CliHarness.LogsPath, dir.Combine("logs"), StringComparison.Ordinal)
            .Replace(CliHarness.InputPath, dir.Path, StringComparison.Ordinal);
        dir.Write("prompt.txt", "do it");
        var launcher = dir.Write("run.sh", script);

        var run = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", launcher)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["HOME"] = dir.Path },
        })!;
        var stdout = await run.StandardOutput.ReadToEndAsync();
        var stderr = await run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync();

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("cli ran\n", stdout);
        Assert.Equal("exported ''\n", File.ReadAllText(dir.Combine("logs", "export.txt")));
        Assert.Contains("after step failed", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_file_must_be_a_plain_name_and_after_is_read()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("x/harness.yaml", """
            name: x
            version: 1.0.0
            image: agents
            install: { pip: "x-cli==1.0.0" }
            version_command: [x, --version]
            command: [x, "{prompt}", --history, "{logs}/chat.md"]
            log_format: aider-history
            log_file: ../chat.md
            after: echo done
            """);

        var load = HarnessDefinitionLoader.LoadFile(file);

        Assert.Contains(load.Errors, e => e.Location.Line == 8 && e.Message.Contains("must be a plain file name", StringComparison.Ordinal));
        File.WriteAllText(file, File.ReadAllText(file).Replace("../chat.md", "chat.md", StringComparison.Ordinal));
        var definition = Assert.Single(HarnessDefinitionLoader.LoadFile(file).Definitions);
        Assert.Equal("chat.md", definition.LogFile);
        Assert.Equal("echo done", definition.After);
    }
}
