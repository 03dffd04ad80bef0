using System.CommandLine;
using HarnessBench.Cli.Scaffolding;

namespace HarnessBench.Cli.Commands;

/// <summary>`hbench init` and `hbench tasks new`: files to start from, valid as written.</summary>
internal static class ScaffoldCommands
{
    public static Command Init()
    {
        var file = new Argument<string>("file") { Description = "The bench file to write.", DefaultValueFactory = _ => "my-bench.yaml" }.NotAnOption();
        var openai = new Option<string?>("--openai") { Description = "Base URL of an OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 (llama-server, vLLM, Ollama, LM Studio)." };
        var anthropic = new Option<string?>("--anthropic") { Description = "Base URL of an Anthropic-compatible endpoint." };
        var model = new Option<string>("--model") { Description = "The model name the endpoint expects.", DefaultValueFactory = _ => "my-model" };
        var apiKeyEnv = new Option<string?>("--api-key-env") { Description = "Environment variable that holds the API key." };
        var force = new Option<bool>("--force") { Description = "Overwrite the file if it exists." };
        var command = new Command("init", "Write a commented bench file for your own model endpoint.") { file, openai, anthropic, model, apiKeyEnv, force };
        command.Validators.Add(result =>
        {
            if (result.GetValue(openai) is not null && result.GetValue(anthropic) is not null)
                result.AddError("give --openai or --anthropic, not both");
        });
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (File.Exists(path) && !parse.GetValue(force))
            {
                Console.Error.WriteLine($"hbench: {path} exists; pass --force to overwrite it, or name another file");
                return ExitCodes.Usage;
            }

            var (protocol, url) = parse.GetValue(anthropic) is { } a ? ("anthropic", a) : ("openai", parse.GetValue(openai) ?? "http://127.0.0.1:8080/v1");
            var name = System.Text.RegularExpressions.Regex.Replace(Path.GetFileNameWithoutExtension(path).ToLowerInvariant(), "[^a-z0-9.-]+", "-", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)).Trim('-');
            File.WriteAllText(path, BenchScaffold.Render(name, protocol, url, parse.GetValue(model)!, parse.GetValue(apiKeyEnv)));
            Console.WriteLine($"wrote {path}; next: `./hbench probe {parse.GetValue(model)} --bench {path}` to check the endpoint, `./hbench run {path} --dry-run` to see the cells");
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command NewTask()
    {
        var id = new Argument<string>("id") { Description = "The new task's id (its folder name), e.g. py-reverse-words." };
        var tasksDir = new Option<string?>("--tasks-dir") { Description = "Folder with one folder per task (default: tasks/)." };
        var command = new Command("new", "Create a task in the house convention (Python): task.yaml with the canary, workspace/, a hidden driver and runner, solution/, wrong/. It validates as created.") { id, tasksDir };
        command.SetAction(parse =>
        {
            var directory = parse.GetValue(tasksDir) ?? Path.Combine(HomeDirectory.Find(), "tasks");
            if (TaskScaffold.Write(directory, parse.GetValue(id)!) is { } problem)
            {
                Console.Error.WriteLine(problem);
                return ExitCodes.Usage;
            }

            Console.WriteLine($"created {Path.Combine(directory, parse.GetValue(id)!)}/ (task.yaml, workspace/, tests/, solution/, wrong/); next: `./hbench tasks validate {parse.GetValue(id)}`");
            return ExitCodes.Success;
        });
        return command;
    }
}
