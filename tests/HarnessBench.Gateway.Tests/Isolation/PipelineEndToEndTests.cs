using System.Text.Json;
using HarnessBench.Core.Config;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Gateway.Tests.Isolation;

/// <summary>
/// Whole cells through the real pipeline and engine with the gateway wired in: the shipped scripted
/// models drive a tool-calling agent in a --network none container; the hidden tests grade it.
/// </summary>
public sealed class PipelineEndToEndTests
{
    [DockerFact]
    public async Task Scripted_models_drive_an_agent_through_the_gateway_to_the_expected_verdicts()
    {
        await using var e2e = await EndToEndStack.StartAsync();
        TaskDefinition task = TaskRepository.Load(Path.Combine(e2e.Repo, "tasks")).Tasks.Single(t => t.Id == "py-word-freq");
        var pipeline = e2e.Pipeline(e2e.ToolchainImages(), HarnessRegistry.CreateWithBuiltIns().Add(new MiniAgentHarness()));
        var run = new RunContext("gw-e2e", "s1", e2e.Directory.Combine("run"));

        CellResult oracle = await RunAsync(pipeline, run, task, "oracle.yaml");
        CellResult nop = await RunAsync(pipeline, run, task, "nop.yaml");
        CellResult flaky = await RunAsync(pipeline, run, task, "flaky.yaml");

        Assert.True(oracle.Verdict == Verdict.Pass, Describe(oracle, run));
        Assert.Equal(2, oracle.Metering!.Requests); // write the solution file, then "done"
        Assert.Equal(["bash", "write"], oracle.Metering.ToolNames);
        Assert.True(oracle.Metering.PromptTokens > 0 && oracle.Metering.CompletionTokens > 0);
        Assert.Null(oracle.Metering.LastRequestError);
        Assert.True(File.Exists(Path.Combine(run.RunDirectory, oracle.Metering.Transcript!)));

        Assert.True(nop.Verdict == Verdict.Fail, Describe(nop, run));
        Assert.Equal(1, nop.Metering!.Requests);

        Assert.True(flaky.Verdict == Verdict.Error, Describe(flaky, run));
        Assert.Equal(ErrorKind.Endpoint, flaky.ErrorKind);
        Assert.Equal("http-5xx", flaky.Metering!.LastRequestError);
        Assert.Null(flaky.GraderExitCode);

        // The stored line carries the metering object the reports read.
        using var line = JsonDocument.Parse(ResultJson.Serialize(oracle));
        Assert.Equal(2, line.RootElement.GetProperty("metering").GetProperty("requests").GetInt32());
        Assert.Equal("endpoint", JsonDocument.Parse(ResultJson.Serialize(flaky)).RootElement.GetProperty("error_kind").GetString());
    }

    private static async Task<CellResult> RunAsync(CellPipeline pipeline, RunContext run, TaskDefinition task, string script)
    {
        var model = new ModelSpec(Path.GetFileNameWithoutExtension(script), ModelKinds.Scripted,
            JsonSerializer.SerializeToElement(new { script = "harnesses/scripted/" + script }), ModelMetadata.Empty);
        var cell = new Cell(CellId.Create(model.Name, "mini-agent", task.Id, 1), model, "mini-agent", "1", task, 1,
            new CellTimeouts(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2)), new SandboxLimits(1.0, 1L << 30, 256, 64L << 20), "sha256:test");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        return await pipeline.RunAsync(CellWork.Create(cell, run), timeout.Token);
    }

    private static string Describe(CellResult result, RunContext run)
    {
        string Read(string? relative) => relative is null ? "" : File.ReadAllText(Path.Combine(run.RunDirectory, relative));
        return $"{result.Verdict} {result.ErrorKind} {result.ErrorMessage}\nagent stdout: {Read(result.Logs.AgentStdout)}\nagent stderr: {Read(result.Logs.AgentStderr)}\n"
            + $"grader: {result.GraderStdoutTail} {result.GraderStderrTail}\nerror.log: {Read(result.Logs.Error)}";
    }
}
