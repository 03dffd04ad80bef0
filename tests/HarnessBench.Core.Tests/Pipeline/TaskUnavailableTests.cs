using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Results;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Core.Tests.Pipeline;

/// <summary>A task whose own image cannot be built: the cell is error task-unavailable with the reason, never infra, never run.</summary>
public sealed class TaskUnavailableTests
{
    private sealed class UnbuildableResolver : IImageResolver
    {
        public List<ImageRequest> Requests { get; } = [];

        public Task<string> ResolveAsync(ImageRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            throw new TaskUnavailableException("task 'hello' is unavailable here: its image could not be built (hbench: cannot install pyarrow)");
        }
    }

    [Fact]
    public async Task The_cell_is_task_unavailable_with_the_builds_reason_and_no_container_runs()
    {
        using var h = new PipelineHarness();
        var resolver = new UnbuildableResolver();
        var pipeline = CellPipeline.Create(h.Runtime, resolver, h.Registry, h.Clock);

        var result = await pipeline.RunAsync(h.Work, CancellationToken.None);

        Assert.Equal((Verdict.Error, (ErrorKind?)ErrorKind.TaskUnavailable), (result.Verdict, result.ErrorKind));
        Assert.Contains("cannot install pyarrow", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(h.Runtime.SpecsFor("agent"));
        Assert.Empty(h.Runtime.SpecsFor("grader"));
        Assert.Contains("\"error_kind\":\"task-unavailable\"", System.Text.Encoding.UTF8.GetString(ResultJson.Serialize(result)), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_a_task_with_its_own_image_asks_the_resolver_for_it()
    {
        var plain = new TaskDefinition("t", "T", "p", "python", Difficulty.Easy, "c", [], "python", "/tasks/t", "sha256:0");
        Assert.Null(ImageRequest.For(plain, null).Task);
        var environment = plain with { HasEnvironment = true };
        Assert.Same(environment, ImageRequest.For(environment, "pi").Task);
        var combined = plain with { Toolchain = "python+c-cpp" };
        Assert.Equal(["python", "c-cpp"], combined.Toolchains);
        Assert.Same(combined, ImageRequest.For(combined, null).Task);
    }
}
