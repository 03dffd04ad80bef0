using HarnessBench.Core.Config;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Tests.Support;

namespace HarnessBench.Core.Tests.Config;

/// <summary>bench.yaml <c>backend:</c>: local by default, swarm when asked, anything else an error on its line.</summary>
public sealed class BackendConfigTests : IDisposable
{
    private static readonly BenchLoadOptions Options = new(HarnessRegistry.CreateWithBuiltIns().Names) { KnownToolchains = Fixtures.Toolchains };
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"hb-backend-{Guid.NewGuid():N}.yaml");

    [Theory]
    [InlineData(null, ExecutionBackend.Local)]
    [InlineData("local", ExecutionBackend.Local)]
    [InlineData("swarm", ExecutionBackend.Swarm)]
    public void Backend_is_read_with_local_as_the_default(string? value, ExecutionBackend expected)
    {
        var result = BenchLoader.Load(Write(value), Options);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(expected, result.Bench.Backend);
    }

    [Fact]
    public void Unknown_backend_is_an_error_on_its_line_with_the_choices()
    {
        var result = BenchLoader.Load(Write("swarn"), Options);

        var error = Assert.Single(result.Errors);
        Assert.Equal(new SourceLocation(_file, 3, 10), error.Location);
        Assert.Equal("unknown backend 'swarn'", error.Message);
        Assert.Equal("did you mean 'swarm'? use local (default) or swarm", error.Hint);
    }

    [Theory]
    [InlineData("10.0.0.5:5000")]
    [InlineData("registry.lab.internal:443")]
    public void Swarm_registry_is_read_as_host_and_port(string value)
    {
        var result = BenchLoader.Load(Write("swarm", $"swarm: {{ registry: '{value}' }}"), Options);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(value, result.Bench.SwarmRegistry);
        Assert.Null(BenchLoader.Load(Write("swarm"), Options).Bench!.SwarmRegistry); // hbench's own on the manager
    }

    [Theory]
    [InlineData("https://10.0.0.5:5000")]
    [InlineData("10.0.0.5")]
    [InlineData("10.0.0.5:5000/hbench")]
    [InlineData("10.0.0.5:99999")]
    public void A_swarm_registry_that_is_not_host_and_port_is_an_error_on_its_line(string value)
    {
        var result = BenchLoader.Load(Write("swarm", $"swarm: {{ registry: '{value}' }}"), Options);

        var error = Assert.Single(result.Errors);
        Assert.Equal(4, error.Location.Line);
        Assert.Equal($"swarm.registry '{value}' is not HOST:PORT", error.Message);
    }

    [Fact]
    public void Backend_names_round_trip()
    {
        foreach (var backend in Enum.GetValues<ExecutionBackend>())
        {
            Assert.Equal(backend, ExecutionBackends.Parse(backend.Name()));
        }

        Assert.Null(ExecutionBackends.Parse("kubernetes"));
    }

    public void Dispose() => File.Delete(_file);

    private string Write(string? backend, string swarm = "")
    {
        File.WriteAllText(_file, $"""
            name: b
            harnesses: oracle
            {(backend is null ? "" : $"backend: {backend}")}
            {swarm}
            tasks_dir: {Fixtures.File("valid", "tasks")}
            tasks: [hello-py]
            """);
        return _file;
    }
}
